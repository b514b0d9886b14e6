"""English strings. Same keys as ``es.py``."""

STRINGS = {
    # --- navigation and shared options ---
    "nav.home": "Home",
    "nav.playground": "Attention playground",
    "display.large_text": "Large text (projector)",
    "display.large_text_help": "Makes text and charts bigger, readable from the back of the room.",
    # --- home ---
    "home.title": "attnviz: how attention works in transformers",
    "home.intro": (
        "An app for the course *Transformers and Attention Mechanisms*. "
        "Each page teaches one piece: change the numbers, see what changes and why."
    ),
    "home.playground": (
        "Type the matrices **Q**, **K** and **V** and watch, at once, the scores $QK^\\top$, the "
        "scaling by $1/\\sqrt{d_k}$, masks (causal, padding), the softmax weights and the context "
        "vectors; step by step with the numbers of one query, and with several attention heads."
    ),
    "home.footer": "Change the language and the text size in the sidebar.",
    # --- playground ---
    "playground.title": "Attention playground",
    "playground.intro": (
        "Each **query** $q_i$ is compared with every **key** $k_j$ (dot product); softmax turns "
        "those scores into **weights** that sum to 1, and the **context** is the average of the "
        "**values** $v_j$ weighted by them. Edit any number: everything is recomputed."
    ),
    "playground.link_unreadable": "Part of the link could not be read and was ignored: {names}.",
    "playground.preset": "Example",
    "playground.new_random": "New random",
    "playground.seed": "Seed of the random example: {seed} (kept in the link, so it can be shared).",
    "playground.dim.n": "n (queries)",
    "playground.dim.m": "m (keys)",
    "playground.dim.d_k": "d_k (size of q and k)",
    "playground.dim.d_v": "d_v (size of v)",
    "playground.matrix.Q": "**Q**: queries (n × d_k)",
    "playground.matrix.K": "**K**: keys (m × d_k)",
    "playground.matrix.V": "**V**: values (m × d_v)",
    "playground.column": "column",
    "playground.scaled": "Scale by 1/√d_k",
    "playground.scaled_help": (
        "As the formula says. Turn it off to see the course's unscaled code: with long vectors the "
        "scores grow and softmax saturates."
    ),
    "playground.temperature": "Temperature T",
    "playground.temperature_help": "Divides the scores by T: T < 1 sharpens the weights, T > 1 flattens them.",
    "playground.mask": "Mask",
    "playground.padded_keys": "Padding keys",
    "playground.showing_last_valid": (
        "Showing the last valid result until the input is fixed. What you typed is kept."
    ),
    "playground.pipeline_title": "From scores to weights",
    "playground.scores_title": "Scores QKᵀ",
    "playground.scores_caption": "Dot product of each query (row) with each key (column).",
    "playground.logits_title": "Scaled and masked",
    "playground.scaling_on": "Multiplied by 1/√{d_k} = {factor}.",
    "playground.scaling_off": "Not scaled (as in the course's code).",
    "playground.temperature_note": "Divided by the temperature T = {temperature}.",
    "playground.weights_title": "Softmax weights",
    "playground.weights_caption": "Each row sums to 1; masked keys get 0.",
    "playground.fully_masked": (
        "{query}: every one of its keys is masked, so its weights and its context are 0 (not NaN)."
    ),
    "playground.context_title": "Context vectors",
    "playground.context_caption": "Row i: c_i = Σ_j w_ij · v_j.",
    "playground.context_chart_title": "Context per dimension",
    "playground.steps_title": "Step by step",
    "playground.query": "Query",
    "playground.step1": "**1. Scores**: the dot product of the query with each key.",
    "playground.step2": "**2. Scaling, temperature and mask.**",
    "playground.step3": "**3. Softmax** (subtracting the maximum, which changes nothing and prevents overflow).",
    "playground.step4": "**4. Context**: the sum of the values weighted by the weights.",
    "playground.masked_word": "masked",
    "playground.multihead_title": "Multi-head attention",
    "playground.multihead_intro": (
        "With $h$ heads, the columns of Q, K and V are split into $h$ equal blocks; each head attends "
        "with its block (scaling by $1/\\sqrt{d_k/h}$) and their outputs are concatenated. In a real "
        "transformer each head also has its own projections $W^Q, W^K, W^V$ and the concatenation "
        "goes through $W^O$; here they are the identity so that you can follow the numbers."
    ),
    "playground.heads": "Heads h",
    "playground.multihead_split": "{heads} head(s): each uses {dk} column(s) of Q and K and {dv} of V.",
    "playground.head_title": "Head {head}",
    "playground.concat_title": "**Concatenated output** (n × d_v)",
    "playground.share_title": "Share this example",
    "playground.share_caption": "This link reproduces the matrices and the options. So does the address bar.",
    "playground.share_needs_valid": "Fix the input to get a link.",
    # --- presets ---
    "preset.course": "The course's example",
    "preset.course.about": "q = [1, 0] is closest to the first key, so the context leans towards [10, 0].",
    "preset.identical_keys": "Identical keys",
    "preset.identical_keys.about": "All keys are the same: equal scores, uniform weights.",
    "preset.dominant_key": "One dominant key",
    "preset.dominant_key.about": "One key points like the query and is longer: it takes almost all the weight.",
    "preset.orthogonal": "Orthogonal query",
    "preset.orthogonal.about": "The query is perpendicular to every key: zero scores, uniform weights.",
    "preset.saturation": "Softmax saturation",
    "preset.saturation.about": (
        "Large vectors give huge scores and softmax becomes almost one-hot. "
        "Turn scaling off to make it even more extreme."
    ),
    "preset.causal": "Decoder (causal mask)",
    "preset.causal.about": "Self-attention over 4 tokens: each token only sees itself and the ones before.",
    "preset.padding": "Padding",
    "preset.padding.about": "The last key is padding in a batch: the mask gives it zero weight.",
    "preset.random": "Random",
    "preset.random.about": "Random N(0, 1) numbers; press “New random” for another one.",
    # --- masks ---
    "mask.none": "None",
    "mask.causal": "Causal",
    "mask.padding": "Padding",
    # --- input errors ---
    "input.in_matrix": "Some cells of **{name}** are not valid numbers:",
    "input.empty": "{cell}: the cell is empty; type a number.",
    "input.not_a_number": "{cell}: “{raw}” is not a number (valid examples: 2, -0.5, 1.5, 1/3, 1e-2).",
    "input.not_finite": "{cell}: “{raw}” is not a finite number (NaN and infinity are not allowed).",
    "input.too_large": "{cell}: “{raw}” is too large; use values between -{limit} and {limit}.",
    "input.more": "… and {count} more cell(s).",
    "input.shape.qk_columns": "Q has {left} column(s) and K has {right}: they must share d_k.",
    "input.shape.kv_rows": "K has {left} row(s) and V has {right}: there must be one value per key.",
    "input.causal_needs_n_le_m": (
        "The causal mask needs n ≤ m (query i sees keys 1…i), but n = {n} and m = {m}. "
        "Lower n, raise m or choose another mask."
    ),
}
