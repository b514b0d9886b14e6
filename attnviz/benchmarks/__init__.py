"""The measurements behind the README's numbers, run by ``python -m attnviz bench``.

Each module measures one thing and returns plain dicts (the command prints them and writes them
as JSON): :mod:`.machine` the float32 matmul rate, :mod:`.latency` model loading and attention
extraction, :mod:`.accuracy` time to accuracy of the fine-tuning page's settings on real data,
:mod:`.course` the course notebook's recipe written by hand, :mod:`.throughput` examples per second
and peak memory of training settings (each in its own process), :mod:`.startup` the server's cold
start. Real data and the real checkpoint come from ``../shared`` beside the project
(:mod:`.shared_data`); without it those parts are skipped. Benchmarks are for developers: the app
never imports this package.
"""
