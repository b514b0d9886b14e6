"""Pure numpy: the maths of attention and of the transformer's building blocks."""
