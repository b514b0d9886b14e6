"""The teacher password cannot be guessed quickly: waits grow after a few wrong tries."""

from attnviz.nlp.training.login_throttle import FIRST_WAIT_S, FREE_TRIES, MAX_WAIT_S, LoginThrottle


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_waits_start_after_the_free_tries_and_grow():
    clock = Clock()
    gate = LoginThrottle(clock)
    for _ in range(FREE_TRIES):
        assert gate.wait_seconds("student") == 0
        gate.failed("student")
    assert gate.wait_seconds("student") == FIRST_WAIT_S
    clock.now += FIRST_WAIT_S
    assert gate.wait_seconds("student") == 0
    gate.failed("student")
    assert gate.wait_seconds("student") == 2 * FIRST_WAIT_S
    for _ in range(20):
        gate.failed("student")
    assert gate.wait_seconds("student") == MAX_WAIT_S


def test_other_clients_and_a_success_are_not_held_back():
    clock = Clock()
    gate = LoginThrottle(clock)
    for _ in range(FREE_TRIES + 3):
        gate.failed("guesser")
    assert gate.wait_seconds("guesser") > 0
    assert gate.wait_seconds("teacher") == 0
    gate.succeeded("guesser")
    assert gate.wait_seconds("guesser") == 0


def test_a_quiet_client_is_forgotten():
    clock = Clock()
    gate = LoginThrottle(clock)
    for _ in range(FREE_TRIES + 1):
        gate.failed("student")
    clock.now += 2 * 60 * 60
    assert gate.wait_seconds("student") == 0
