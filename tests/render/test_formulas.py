"""The step-by-step formulas carry the right numbers."""

import numpy as np

from attnviz.core.attention import scaled_dot_product_attention
from attnviz.core.masks import padding_mask
from attnviz.render import formulas
from attnviz.render.latex import aligned, factor, number, vector

Q = np.array([[1.0, 0.0]])
K = np.array([[1.0, 0.0], [0.0, 1.0]])
V = np.array([[10.0, 0.0], [0.0, 10.0]])


def test_number_formats():
    assert number(10.0) == "10"
    assert number(0.67) == "0.670"
    assert number(0.67, trailing_zeros=False) == "0.67"
    assert number(-0.0001) == "0.000"
    assert number(2.5e6) == r"2.500 \times 10^{6}"
    assert factor(-2) == "(-2)" and factor(3) == "3"
    assert vector([1, 0.5]) == r"\begin{bmatrix}1 & 0.500\end{bmatrix}"
    assert vector(range(10), max_shown=4) == r"\begin{bmatrix}0 & 1 & \cdots & 8 & 9\end{bmatrix}"
    assert aligned(["a", "b"]) == r"\begin{aligned}&a \\ &b\end{aligned}"


def test_course_example_step_by_step():
    steps = scaled_dot_product_attention(Q, K, V)
    scores = formulas.score_lines(Q, K, steps, 0)
    assert scores[0].endswith("= 1") and r"1\cdot1 + 0\cdot0" in scores[0]
    scaled = formulas.scaling_lines(steps, 0, 2, True, formulas.StepWords())
    assert r"\frac{1}{\sqrt{2}} = 0.707" in scaled[0]
    weights = formulas.softmax_lines(steps, 0)
    assert weights[1].endswith("= 0.670") and weights[2].endswith("= 0.330")
    context = formulas.context_line(V, steps, 0)
    assert context.endswith(r"\begin{bmatrix}6.698 & 3.302\end{bmatrix}")
    assert context.startswith(
        r"c_{1} = \sum_j w_j v_j = 0.6698\begin{bmatrix}10 & 0\end{bmatrix} + 0.3302"
    )  # checkable by hand


def test_masked_key_is_minus_infinity_and_left_out_of_the_context():
    steps = scaled_dot_product_attention(Q, K, V, allowed=padding_mask(1, 2, [1]))
    scaled = formulas.scaling_lines(steps, 0, 2, True, formulas.StepWords(masked="enmascarada"))
    assert scaled[1] == r"x_{2} = -\infty \quad \text{(enmascarada)}"
    assert formulas.softmax_lines(steps, 0)[2] == "w_{2} = 0"
    assert formulas.context_line(V, steps, 0).count("bmatrix}") == 4  # v1 and the result only


def test_unscaled_with_temperature():
    steps = scaled_dot_product_attention(Q, K, V, scaled=False, temperature=2.0)
    line = formulas.scaling_lines(steps, 0, 2, False, formulas.StepWords())[0]
    assert line == r"x_{1} = \frac{1}{2} = 0.500"
