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
    "playground.temperature_help": (
        "Divides the scores by T: T < 1 sharpens the weights, T > 1 flattens them."
    ),
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
    "playground.step3": (
        "**3. Softmax** (subtracting the maximum, which changes nothing and prevents overflow)."
    ),
    "playground.step4": "**4. Context**: the sum of the values weighted by the weights.",
    "playground.masked_word": "masked",
    "playground.multihead_title": "Multi-head attention",
    "playground.multihead_intro": (
        "With $h$ heads, the columns of Q, K and V are split into $h$ equal blocks; each head attends "
        "with its block (with scaling on, by $1/\\sqrt{d_k/h}$) and their outputs are concatenated. In a "
        "real transformer each head also has its own projections $W^Q, W^K, W^V$ and the concatenation "
        "goes through $W^O$; here they are the identity so that you can follow the numbers."
    ),
    "playground.heads": "Heads h",
    "playground.multihead_split": (
        "Heads: {heads} · columns of Q and K per head: {dk} · columns of V per head: {dv}."
    ),
    "playground.head_title": "Head {head}",
    "playground.concat_title": "**Concatenated output** (n × d_v)",
    "playground.share_title": "Share this example",
    "playground.share_caption": "This link reproduces the matrices and the options. So does the address bar.",
    "playground.share_needs_valid": "Fix the input to get a link.",
    # --- presets ---
    "preset.course": "The course's example",
    "preset.custom.about": "An example of your own, from a link: pick one from the list to start again.",
    "preset.course.about": "q = [1, 0] is closest to the first key, so the context leans towards [10, 0].",
    "preset.identical_keys": "Identical keys",
    "preset.identical_keys.about": "All keys are the same: equal scores, uniform weights.",
    "preset.dominant_key": "One dominant key",
    "preset.dominant_key.about": (
        "One key points like the query and is longer: it takes almost all the weight."
    ),
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
    # --- building blocks ---
    "nav.blocks": "Building blocks",
    "home.blocks": (
        "The **building blocks** of a transformer, one at a time: embeddings and similarity between tokens, "
        "the sinusoidal positional encoding, the feed-forward network (ReLU or GELU), the residual "
        "connection and layer normalisation; each with its formula and its numbers."
    ),
    "blocks.title": "The building blocks of a transformer",
    "blocks.intro": (
        "Besides attention, every transformer layer has a few simple pieces. Here you can play with each of "
        "them and see its numbers. This is how a sentence travels through an encoder:"
    ),
    "blocks.tab.embedding": "Embeddings",
    "blocks.tab.pe": "Positional encoding",
    "blocks.tab.ffn": "Feed-forward network",
    "blocks.tab.norm": "Residual and normalisation",
    "blocks.tab.mha": "Multi-head attention",
    "blocks.seed": "Seed",
    "blocks.list.problem": "Check {what}:",
    "blocks.list.item": "item {position}",
    "blocks.list.empty": "There are no numbers: type at least one.",
    "blocks.list.too_short": "There are only {count} number(s); at least {min} are needed.",
    "blocks.list.too_long": "There are {count} numbers; the maximum is {max}.",
    "blocks.list.not_an_integer": "{item}: “{raw}” is not a whole number.",
    "blocks.list.out_of_range": "{item}: dimension {raw} does not exist; choose between 0 and {high}.",
    "blocks.embedding.intro": (
        "A model does not read letters: it first splits the sentence into **tokens** and replaces each token "
        "by its row number (**id**) in the **embedding table** $E$, a matrix with a vector of $d$ numbers "
        "for every token of the vocabulary. That row is the token's **embedding**. **Cosine similarity** "
        "measures how much two vectors point the same way: 1 when they do, 0 when unrelated, −1 when "
        "opposite."
    ),
    "blocks.embedding.example": "the cat chases the mouse and the dog chases the cat",
    "blocks.embedding.sentence": "Sentence",
    "blocks.embedding.dim": "Embedding dimension d",
    "blocks.embedding.add_pe": "Add the positional encoding",
    "blocks.embedding.add_pe_help": (
        "x_i = e_i + PE_pos: what the transformer actually receives. Repeated words no longer have identical "
        "vectors."
    ),
    "blocks.embedding.empty": "Type a sentence with at least one word to see its embeddings.",
    "blocks.embedding.truncated": (
        "The sentence has {count} tokens; the first {max} are shown so that the charts stay readable."
    ),
    "blocks.embedding.random_table": (
        "A random example table: {size} distinct tokens × {dim} dimensions, N(0, 1) values fixed by the "
        "seed. Tokens come from lowercasing the sentence and splitting it into words and punctuation marks."
    ),
    "blocks.embedding.model_table": "Embedding table of {name}: {size} tokens × {dim} dimensions.",
    "blocks.embedding.unknown": "These tokens are not in the table and are shown as zero vectors: {tokens}.",
    "blocks.embedding.vectors_title": "The tokens' embeddings (one row per token)",
    "blocks.embedding.vectors_pe_title": "Embedding + positional encoding",
    "blocks.embedding.similarity_title": "Cosine similarity between tokens",
    "blocks.embedding.repeat_caption": (
        "A repeated token gets exactly the same vector (similarity 1): the embedding does not know where "
        "each word is. The positional encoding adds that (turn on the switch above)."
    ),
    "blocks.embedding.pe_caption": (
        "With the positional encoding added, the occurrences of the same word are no longer identical: the "
        "model can tell “the cat chases the dog” from “the dog chases the cat”."
    ),
    "blocks.embedding.token_a": "Token A",
    "blocks.embedding.token_b": "Token B",
    "blocks.embedding.random_note": (
        "With a random table, the similarity between different words is pure chance (closer to 0 the larger "
        "d is). In a trained model the table is learnt, and words that appear in similar contexts end up "
        "with similar vectors."
    ),
    "blocks.pe.intro": (
        "Attention has no sense of order: shuffle the tokens and each one gets the same context as before, "
        "just somewhere else. So every embedding gets a vector added that depends only on its **position**. "
        "The original Transformer (Vaswani et al., 2017) uses sines and cosines: each pair of dimensions "
        "$(2i, 2i+1)$ turns at its own speed $\\omega_i$ (the formula is just below), like the hands of a "
        "clock."
    ),
    "blocks.pe.d_model": "d_model (dimensions)",
    "blocks.pe.length": "Length (positions)",
    "blocks.pe.heatmap_title": "PE: {length} positions × {d_model} dimensions",
    "blocks.pe.dimension": "dimension",
    "blocks.pe.position": "position",
    "blocks.pe.heatmap_hover": "position %{y}, dimension %{x}: %{z:.3f}",
    "blocks.pe.heatmap_caption": (
        "The first dimensions change a lot from one position to the next; the last ones hardly change. "
        "Every position gets a different combination of values between −1 and 1."
    ),
    "blocks.pe.dims": "Dimensions to plot",
    "blocks.pe.dims_help": (
        "Dimension numbers between 0 and {high}, separated by commas or spaces (at most 8)."
    ),
    "blocks.pe.dims_what": "the dimensions to plot",
    "blocks.pe.curve_name": "dim {dim} ({kind}, period {wavelength})",
    "blocks.pe.curves_title": "Each dimension is a wave along the positions",
    "blocks.pe.curves_caption": (
        "An even dimension is a sine and the next one the cosine of the same frequency. The period (how many "
        "positions one turn takes) goes from 2π ≈ 6.3 in the first dimensions to almost 10000·2π in the last "
        "ones."
    ),
    "blocks.pe.dot_title": "Why do nearby positions look alike?",
    "blocks.pe.dot_intro": (
        "Since $\\sin a \\sin b + \\cos a \\cos b = \\cos(a-b)$, the dot product of two encodings depends "
        "only on the **distance** between the positions, not on where they are: "
        "$PE_p\\cdot PE_q = \\sum_i \\cos\\big((p-q)\\,\\omega_i\\big)$. It is largest when $p = q$ and "
        "drops as they move apart."
    ),
    "blocks.pe.p": "Position p",
    "blocks.pe.q": "Position q",
    "blocks.pe.dim": "Dimension j (for the formula)",
    "blocks.pe.dots_title": "PE(p) · PE(q) for every pair",
    "blocks.pe.dot_curve_title": "PE({p}) · PE(q) as q varies",
    "blocks.pe.dot_product": "dot product",
    "blocks.pe.dot_caption": (
        "The diagonal is d_model/2 = {half}, because each sine-cosine pair adds sin² + cos² = 1. The stripes "
        "parallel to the diagonal show that the likeness depends only on q − p."
    ),
    "blocks.ffn.intro": (
        "After attention, every position goes through the same small two-layer network: a linear layer that "
        "**expands** from d_model to d_ff dimensions (512 → 2048 in the original Transformer), a "
        "non-linear activation (**ReLU** in the original, **GELU** in BERT and DistilBERT) and another "
        "linear layer that goes **back** to d_model. It is applied to each position **separately** "
        "(*position-wise*): positions are not mixed here, attention already did that. The weights are "
        "random, as at the start of training."
    ),
    "blocks.ffn.d_model": "d_model",
    "blocks.ffn.d_ff": "d_ff (hidden layer)",
    "blocks.ffn.positions": "Positions n",
    "blocks.ffn.activation": "Activation",
    "blocks.ffn.repeat": "The last position repeats the first",
    "blocks.ffn.repeat_help": (
        "The same input at two positions: since the FFN treats each position separately with the same "
        "weights, their outputs are identical."
    ),
    "blocks.ffn.shapes_caption": (
        "{params} parameters: W₁ ({d_model}×{d_ff}), b₁ ({d_ff}), W₂ ({d_ff}×{d_model}) and b₂ ({d_model}), "
        "the same for every position."
    ),
    "blocks.ffn.x_title": "Input X",
    "blocks.ffn.z_title": "Z = X·W₁ + b₁",
    "blocks.ffn.h_title": "H = {act}(Z)",
    "blocks.ffn.y_title": "Output Y = H·W₂ + b₂",
    "blocks.ffn.position_wise": (
        "Applying the FFN one position at a time (with loops) gives the same output as multiplying the whole "
        "matrices: largest difference {diff} (zero up to floating-point rounding). That is what "
        "“position-wise” means."
    ),
    "blocks.ffn.repeat_note": (
        "Position 1 and position {last} have the same input, and therefore the same output."
    ),
    "blocks.ffn.position": "Position for the formula",
    "blocks.ffn.points": "z values of {position}",
    "blocks.ffn.activation_title": "The activation over that position's z values",
    "blocks.ffn.activation_caption": (
        "ReLU zeroes negative values; GELU damps them smoothly: GELU(x) = x·Φ(x), with Φ the standard normal "
        "cumulative distribution. For example GELU(1) ≈ 0.8413 and GELU(−1) ≈ −0.1587."
    ),
    "blocks.ln.intro": (
        "**Layer normalisation** takes the vector of each position, subtracts its mean $\\mu$ and divides by "
        "its standard deviation, so it ends up with mean 0 and variance 1. Then two learnt parameters, "
        "$\\gamma$ (scale) and $\\beta$ (shift), give it whatever scale is useful; $\\varepsilon$ avoids "
        "dividing by zero. This keeps values from growing or shrinking from layer to layer."
    ),
    "blocks.ln.vector": "Vector x",
    "blocks.ln.vector_help": (
        "Between 2 and {max} numbers separated by commas or spaces (1.5, -2, 3); with a decimal comma, "
        "separate them with semicolons (1,5; -2; 3)."
    ),
    "blocks.ln.vector_what": "the vector x",
    "blocks.ln.constant": (
        "All values are equal: the variance is 0, there is nothing to normalise and x̂ = 0, so the output is "
        "β."
    ),
    "blocks.ln.bars_title": "The vector before and after normalising",
    "blocks.ln.caption": (
        "In a real model γ and β are learnt vectors, one value per dimension; here the same value is used "
        "for all of them. With γ = 1 and β = 0 the output has mean 0 and variance 1 (a little under 1 when ε "
        "is not small next to σ²)."
    ),
    "blocks.res.title": "Residual connection",
    "blocks.res.intro": (
        "A sub-layer (attention or the FFN) does not replace its input: it **adds** its result, $x + F(x)$, "
        "and then normalises (as the original Transformer and BERT do). The input $x$ travels untouched "
        "along that shortcut and the sub-layer only has to learn a correction. Without the shortcut the "
        "output depends only on $F(x)$, and whatever the sub-layer loses (ReLU, for instance, zeroes "
        "negatives) cannot come back. The shortcut also lets the gradient flow straight through during "
        "training. Here $F$ is an FFN with random weights ($d \\to 4d \\to d$) and $\\alpha$ scales its "
        "contribution. Its input is the vector above, already normalised, **x̂** (with γ = 1 and β = 0): "
        "inside a transformer every sub-layer receives the previous one's normalised output."
    ),
    "blocks.res.alpha": "α: weight of the sub-layer",
    "blocks.res.alpha_help": (
        "How much F(x̂) contributes. Without the residual α changes nothing: LayerNorm erases the scale."
    ),
    "blocks.res.depth": "Stacked layers",
    "blocks.res.with": "LayerNorm(x̂ + α·F(x̂)): with residual",
    "blocks.res.without": "LayerNorm(α·F(x̂)): without residual",
    "blocks.res.bars_title": "One layer, with and without the residual connection",
    "blocks.res.cos_with": "Cosine similarity with x̂, with residual",
    "blocks.res.cos_without": "Cosine similarity with x̂, without residual",
    "blocks.res.with_short": "with residual",
    "blocks.res.without_short": "without residual",
    "blocks.res.depth_title": "How much does the output of layer l look like the input x̂?",
    "blocks.res.layer": "layer l",
    "blocks.res.cos_axis": "mean cosine similarity with x̂",
    "blocks.res.depth_caption": (
        "Mean over {trials} stacks of layers with random weights. Without the residual, x̂'s information is "
        "lost in the very first layer; with it, it survives much longer, above all when α is small."
    ),
    "blocks.mha.intro": (
        "The central piece, **multi-head attention**, has its own page: there you edit Q, K and V, see the "
        "scores, the scaling, the masks and the weights, and split the columns among several heads. Each "
        "head attends with its own projections and their outputs are concatenated:"
    ),
    "blocks.mha.link": "Open the attention playground",
    # --- models and data (attnviz.nlp, attnviz.ui.models) ---
    "models.storage.title": "Models and data on this server",
    "models.storage.intro": (
        "The model pages use these models and data sets. Fetch them before class so nobody has to wait: "
        "on Streamlit Community Cloud the disk is wiped when the app goes to sleep."
    ),
    "models.storage.home": "Data folder (ATTNVIZ_HOME): `{path}`",
    "models.storage.models": "Models",
    "models.storage.datasets": "Data sets",
    "models.storage.col_name": "Name",
    "models.storage.col_task": "Task",
    "models.storage.col_shape": "Layers × heads",
    "models.storage.col_size": "Download",
    "models.storage.col_classes": "Classes",
    "models.storage.col_status": "Status",
    "models.storage.on_disk": "On disk",
    "models.storage.missing": "Not fetched",
    "models.storage.local": "Local folder",
    "models.storage.fetch": "Fetch the defaults",
    "models.storage.fetch_help": "Downloads {names} (about {mb} MB) from the Hugging Face Hub.",
    "models.storage.fetching": "Downloading {name}…",
    "models.storage.fetched_one": "{name}: downloaded.",
    "models.storage.fetched": "Done: the default models and data are on disk.",
    "models.storage.nothing_to_fetch": "The default models and data are already on disk.",
    "models.task.classification": "Classification",
    "models.task.qa": "Question answering",
    "models.task.base": "Base model (no task head)",
    "models.unloaded": (
        "To make room in the server's memory, this was unloaded: {names}. It loads again when someone asks for it."
    ),
    "models.task.translation": "Translation",
    "models.picker.label": "Model",
    "models.picker.details": "{layers} layers × {heads} heads · {status}",
    "models.picker.local_option": "{name} · local folder",
    "models.picker.other": "Other (Hub id or folder)…",
    "models.picker.other_label": "Hub id or folder path",
    "models.picker.other_help": (
        "For example `distilbert-base-uncased`, `user/my-model` or `/path/to/my-model` "
        "(a folder written by save_pretrained)."
    ),
    "models.downloading": "Downloading {name}: {done} of {total} MB",
    "models.loading": "Loading {name}…",
    "models.new_head": (
        "This model's classification layer has random weights: its predictions mean nothing until it is "
        "fine-tuned. The attention is the pretrained model's own."
    ),
    "data.picker.label": "Data",
    "data.picker.option": "{name} · {classes} classes · {status}",
    "data.picker.upload": "Upload a file…",
    "data.offline_no_data": (
        "The Hugging Face Hub cannot be reached and no data set is on disk: upload a labelled file (CSV, "
        "TSV, JSONL or Parquet with a text and a label column), or run `python -m attnviz prefetch` on a "
        "machine with internet and copy ATTNVIZ_HOME here."
    ),
    "models.offline_no_model": (
        "The Hugging Face Hub cannot be reached and no model is on disk: put a model folder in "
        "`save_pretrained` format in {models}, or run `python -m attnviz prefetch` on a machine with "
        "internet and copy ATTNVIZ_HOME here."
    ),
    "data.picker.upload_label": "CSV, TSV, JSONL or Parquet file with a text column and a label column",
    "data.picker.path": "File or folder on the server…",
    "data.picker.path_label": "Path on the server",
    "data.picker.path_help": (
        "A CSV, TSV, JSONL or Parquet file, or a folder with one file per class and one example per line "
        "(`reviews.pos`, `reviews.neg`)."
    ),
    "data.loading": "Loading the data of {name}…",
    # --- model and data errors (codes from attnviz.nlp.errors) ---
    "nlp.error.ablation_unsupported": "Switching heads off is not available for this model ({architecture}).",
    "nlp.error.diverged": (
        "The loss stopped being a number at step {step}: "
        "training diverged. Lower the learning rate and start again."
    ),
    "nlp.error.too_few_examples": (
        "The training split has {count} examples, fewer than one batch of {batch_size}: "
        "use more examples or a smaller batch."
    ),
    "nlp.error.hub_unreachable": (
        "Could not reach the Hugging Face Hub ({endpoint}). Use a local folder: a model saved with "
        "save_pretrained, or one fetched earlier with `python -m attnviz prefetch` into ATTNVIZ_HOME/models."
    ),
    "nlp.error.hub_not_found": (
        "“{source}” exists neither on the Hugging Face Hub nor as a folder on this server."
    ),
    "nlp.error.hub_gated": "“{source}” needs a Hub login; download it to a local folder and use that folder.",
    "nlp.error.download_failed": "Downloading “{source}” failed: {reason}",
    "nlp.error.bad_source": (
        "“{source}” is neither an existing folder nor a valid Hub id (like `user/model`)."
    ),
    "nlp.error.empty_source": "Type a model name or a folder path.",
    "nlp.error.model_not_found": "There is no model folder at “{source}”.",
    "nlp.error.not_a_model": (
        "“{source}” is not a model folder: it needs config.json and weights (tf_model.h5 or "
        "model.safetensors)."
    ),
    "nlp.error.no_tokenizer": "“{source}” has no tokenizer (vocab.txt or tokenizer.json).",
    "nlp.error.no_weights": "“{source}” has no TensorFlow (tf_model.h5) or safetensors weights.",
    "nlp.error.bad_weights": (
        "The weights of “{source}” could not be read: the file looks damaged or of another format."
    ),
    "nlp.error.weights_mismatch": (
        "The weights of “{source}” do not match the architecture in its config.json."
    ),
    "nlp.error.over_memory_budget": (
        "Loading this model needs about {need} MB and the server already uses {used} MB of its {budget} MB budget "
        "(ATTNVIZ_MEMORY_BUDGET_MB): it is not loaded. Wait for the running training to end, or choose a smaller "
        "model."
    ),
    "nlp.error.not_a_translator": "“{source}” is a {architecture} model, not a translator (Marian or T5).",
    "nlp.error.unsupported_architecture": (
        "The “{architecture}” architecture is not available for this task in TensorFlow."
    ),
    "nlp.error.bad_labels": "The number of classes is not valid ({count}).",
    "nlp.error.empty_text": "The text is empty: type something.",
    "nlp.error.bad_length": "The maximum length must be at least 2 tokens.",
    "nlp.error.data_not_found": "There is no data file or folder at “{source}”.",
    "nlp.error.no_data_files": "“{source}” has no usable data files (a training parquet file).",
    "nlp.error.unknown_format": "“{filename}”: unknown file type; use .csv, .tsv, .jsonl or .parquet.",
    "nlp.error.file_too_large": "“{filename}” is {size_mb} MB and the limit is {limit_mb} MB.",
    "nlp.error.empty_file": "“{filename}” is empty or has no examples with text.",
    "nlp.error.bad_encoding": "“{filename}” is not UTF-8: save it as UTF-8 and try again.",
    "nlp.error.unreadable_file": "“{filename}” could not be read: {reason}",
    "nlp.error.missing_columns": (
        "“{filename}” has no “{column}” column (columns: {available}). It needs a text column (text) "
        "and a label column (label)."
    ),
    "nlp.error.missing_label": "“{filename}”: example {row} has a text but no label.",
    "nlp.error.one_class": "“{filename}” has only one class (“{label}”): classifying needs at least two.",
    # --- attention heatmaps page ---
    "nav.heatmaps": "Attention heatmaps",
    "home.heatmaps": (
        "Type a text and see what every head of every layer of the fine-tuned model looks at (or of the "
        "pretrained one, side by side): the prediction, all heads at a glance, per-head metrics, rollout to "
        "[CLS], what fine-tuning changed, and what happens when you switch heads off."
    ),
    "heatmaps.title": "Attention heatmaps",
    "heatmaps.intro": (
        "Each transformer layer has several **heads**, and each one spreads every token's attention over all "
        "the others: a matrix of weights whose rows sum to 1. Here you see those matrices for your text, as "
        "the model computed them, and the prediction that came out of them."
    ),
    "heatmaps.mode": "Model",
    "heatmaps.mode.run": "Fine-tuned",
    "heatmaps.mode.pretrained": "Pretrained",
    "heatmaps.mode.both": "Both, side by side",
    "heatmaps.run": "Saved run (fine-tuning)",
    "heatmaps.no_runs": (
        "No finished fine-tuning run yet: start a quick one on the fine-tuning page or import a run's zip. "
        "Meanwhile you can look at the pretrained model."
    ),
    "heatmaps.pretrained": "Pretrained model",
    "heatmaps.finetuned_name": "Fine-tuned ({name})",
    "heatmaps.pretrained_name": "Pretrained ({name})",
    "heatmaps.pick_pretrained": "Choose a pretrained model.",
    "heatmaps.no_model": (
        "No model is available: the Hugging Face Hub does not answer and this server has no saved run and no "
        "model folder. To get one, start a quick run on the fine-tuning page, import a run's zip (it lands "
        "in `{runs}`), or copy a folder saved with `save_pretrained` into `{models}`."
    ),
    "heatmaps.examples": "Examples",
    "heatmaps.example.1": "The movie was wonderful, and the actors were great.",
    "heatmaps.example.2": "A boring, predictable plot. I would not recommend it.",
    "heatmaps.example.3": "It was not bad, but the ending disappointed me.",
    "heatmaps.example.4": "I expected to hate it, yet I loved every minute.",
    "heatmaps.example.5": "The acting is superb; the script, sadly, is not.",
    "heatmaps.text": "Text",
    "heatmaps.text_help": (
        "Press Ctrl+Enter (or click outside) to analyse it. The course's model was fine-tuned on English "
        "reviews (IMDB): it understands English best, but any language can be tried."
    ),
    "heatmaps.empty_text": "Type a text (or pick an example) to see its attention.",
    "heatmaps.waiting_long": "Another long text is being analysed on the server; yours comes next…",
    "heatmaps.busy_long": (
        "The server is busy with other long texts. Try again in a minute, or choose a limit of {tokens} tokens "
        "or fewer (the text is still in the box)."
    ),
    "heatmaps.huge_text": (
        "The text has {chars} characters and the maximum is {limit}: shorten it (it is still in the box) and "
        "try again."
    ),
    "heatmaps.hide_special": "Hide [CLS]/[SEP]",
    "heatmaps.hide_special_help": (
        "Removes [CLS], [SEP] and padding from rows and columns and renormalises every row to sum to 1: how "
        "each token splits the attention it does not give to the special tokens."
    ),
    "heatmaps.merge": "Merge word pieces",
    "heatmaps.merge_help": (
        "Joins the pieces of a word (such as “play”, “##ing”) into one: attention *to* the word is the sum "
        "over its pieces, attention *from* the word their mean (Clark et al., 2019)."
    ),
    "heatmaps.average": "Average over",
    "heatmaps.average.none": "Nothing",
    "heatmaps.average.heads": "Heads",
    "heatmaps.average.layers": "Layers",
    "heatmaps.limit": "Max tokens",
    "heatmaps.limit_help": (
        "At most this many tokens from the start of the text are analysed (the model accepts up to {max}). "
        "Fewer tokens: more readable maps and a faster answer."
    ),
    "heatmaps.cut_model": (
        "The text has {total} tokens and the model accepts {max}: the last {cut} were cut. "
        "The first {kept} are analysed (the part used is below)."
    ),
    "heatmaps.cut_limit": (
        "The text has {total} tokens: the first {kept} are analysed and {cut} were cut "
        "(chosen limit: {limit}; the model accepts {max}, raise it under “Max tokens”)."
    ),
    "heatmaps.used_part": "Part of the text analysed",
    "heatmaps.unnamed_labels": (
        "This model does not name its {count} classes: LABEL_0, LABEL_1… are just its outputs 0, 1…, with no "
        "meaning until it is fine-tuned on labelled data (their names come from that data)."
    ),
    "heatmaps.prediction": "{model}: **{label}** ({p} %)",
    "heatmaps.class": "Class",
    "heatmaps.probability": "Probability",
    "heatmaps.model_view": "Every layer and head",
    "heatmaps.model_view_about": (
        "Each tile is one head: rows = the token that looks, columns = the token looked at; darker = more "
        "weight. Click a tile to open it large."
    ),
    "heatmaps.layer": "Layer",
    "heatmaps.head": "Head",
    "heatmaps.avg": "mean",
    "heatmaps.avg_layers": "Mean of the layers",
    "heatmaps.avg_heads": "Mean of the heads",
    "heatmaps.pick_hint": "Or click a head in the grid (in the metrics and the comparison too).",
    "heatmaps.click_hint": "click: open this head",
    "heatmaps.click_open": "click: open this head above",
    "heatmaps.pooled": (
        "Long text: each tile is reduced to {cells} × {cells} cells (block means); the chosen head is shown "
        "whole."
    ),
    "heatmaps.chosen_head": "The chosen head",
    "heatmaps.keys": "token looked at (key)",
    "heatmaps.queries": "token that looks (query)",
    "heatmaps.nothing_left": (
        "Without the special tokens nothing is left to show: the text has only special tokens."
    ),
    "heatmaps.head_view": "Head view: lines from each token to those it looks at",
    "heatmaps.head_view_heads": "Heads",
    "heatmaps.head_view.one": "The chosen one",
    "heatmaps.head_view.layer": "All in the layer",
    "heatmaps.head_view_hint": "Hover a token to see only its lines; click to pin it.",
    "heatmaps.head_view_too_long": (
        "With more than {max} tokens the lines cannot be told apart: lower “Max tokens” to see the head view."
    ),
    "heatmaps.tab.metrics": "Head metrics",
    "heatmaps.tab.rollout": "Rollout to [CLS]",
    "heatmaps.tab.compare": "Fine-tuned vs pretrained",
    "heatmaps.tab.ablation": "Switch heads off",
    "heatmaps.tab.export": "Export",
    "classmap.title": "How the model places the examples",
    "classmap.intro": (
        "Each point is one of this run's validation texts: its last-layer [CLS] vector (what the classifier "
        "reads), projected to 2-D. Left, the model before fine-tuning; right, after: the classes separate."
    ),
    "classmap.no_data": (
        "This run's data is not on this server (an upload, or a path of another machine): its examples cannot "
        "be placed."
    ),
    "classmap.count": "Validation examples",
    "classmap.count_help": "At most {max}: each text goes once through each model, and is saved on disk.",
    "classmap.compute": "Place the examples",
    "classmap.cost": "Runs each text through both models once (a few seconds per 100 on a laptop).",
    "classmap.before": "Before fine-tuning",
    "classmap.after": "After fine-tuning",
    "classmap.computing": "{model}: {done} of {total} texts…",
    "classmap.busy": "The server is busy with another long computation: try again in a minute.",
    "classmap.separated": (
        "{share} % of the points are nearer to their class's centre than to another's (by chance: {chance} %)."
    ),
    "classmap.caption": "Principal components (PCA) of each model separately. Hover over a point to read its text.",
    "classmap.no_base": "The starting model ({model}) is not on this server: only the fine-tuned one is shown.",
    "heatmaps.tab.inside": "Inside the head",
    "heatmaps.tab.layers": "Layers: what they make of words",
    "inside.intro": (
        "The numbers the head chosen above really computes: its query vector q for one word, the keys k and "
        "values v of all of them, and the same formula as in the playground. The result matches the attention "
        "row the model returns."
    ),
    "inside.first_model": "The first model is shown: {name}.",
    "inside.computing": "Computing every layer's hidden states…",
    "inside.tokens_differ": (
        "The text was not split into the same tokens twice, so they cannot be compared: try another text."
    ),
    "inside.query": "Word that asks (the query q)",
    "inside.where": (
        "Layer {layer} · Head {head}: each vector has d = {d} numbers; there are {n} tokens. "
        "Change the layer or head with the pickers above."
    ),
    "inside.q_title": "q of “{token}”",
    "inside.k_title": "Keys k of every token (framed: the one given most weight)",
    "inside.v_title": "Values v of every token",
    "inside.dims_axis": "dimension",
    "inside.strips_caption": (
        "Red: positive; blue: negative. Hover over a cell to see its number. They are x·W + b: the hidden state "
        "entering the layer, through this head's query, key and value matrices."
    ),
    "inside.formula_intro": "**The formula, with the model's numbers** (those of the three keys with most weight):",
    "inside.formula_caption": "Only the first {shown} terms of each dot product are written; the sum has all {d}.",
    "inside.check_title": "Weights of “{token}”: computed here (bars) and returned by the model (diamonds)",
    "inside.recomputed": "computed with the formula",
    "inside.model": "the model",
    "inside.check": "Largest difference between the two: {difference} (32-bit rounding).",
    "inside.table.token": "Token",
    "inside.table.score": "q·k",
    "inside.table.scaled": "q·k / √d",
    "inside.table.weight": "Weight (formula)",
    "inside.table.model": "Weight (model)",
    "inside.context_title": "Context vector c of “{token}” (the sum of the v with their weights)",
    "inside.copy_title": "Edit a copy in the playground",
    "inside.copy_dims": "Which dimensions to keep",
    "inside.copy_dims.top": "the {n} that carry most",
    "inside.copy_dims.first": "the first {n}",
    "inside.copy_about": (
        "The playground holds 8 rows and 8 columns: the copy keeps the {keys} keys with most weight ({kept}; they "
        "get {weight} % of the weight) and {dims} of the {d} dimensions (they carry {share} % of the |q·k| "
        "terms). Temperature {temperature} makes up for the scale: the playground divides by √8 and the model "
        "by √{d}. So the copy's weights resemble the model's without being equal."
    ),
    "inside.copy_about_unscaled": (
        "The playground holds 8 rows and 8 columns: the copy keeps the {keys} most-weighted keys ({kept}; they get "
        "{weight} % of the weight) and {dims} of the {d} dimensions (they carry {share} % of the |q·k| terms). "
        "This model does not divide its scores by √d_k, so the copy opens the playground with that scaling off. "
        "That is why the copy's weights are close to the model's without being equal."
    ),
    "inside.copy_open": "Open the copy in the playground",
    "layers.intro": (
        "Each point is a token's hidden state at the output of a layer (the first: the embeddings), projected to "
        "2-D on the same axes for every layer: a token's line is its path through the model. Try “I sat on the "
        "bank of the river, then went to the bank to open an account.”: the two “bank” start at the same point "
        "and drift apart layer by layer."
    ),
    "layers.hide_special": "Hide [CLS] and [SEP] (they dominate the axes)",
    "layers.highlight": "Highlight tokens",
    "layers.embeddings": "embeddings",
    "layers.layer_n": "layer {n}",
    "layers.title": "Each token's path through the layers",
    "layers.axis": "axis {n} ({share} % of the variance)",
    "layers.caption": (
        "Principal components (PCA) of all the points at once. Each layer is centred and scaled first: what "
        "shows is how the tokens sit relative to each other, not the drift of the whole layer."
    ),
    "layers.csv": "Download the coordinates (CSV)",
    "nlp.error.inside_unsupported": "This model's layers cannot be opened here.",
    "nlp.error.bad_layer": "That layer does not exist in this model.",
    "nlp.error.bad_head": "That head does not exist in this model.",
    "heatmaps.metrics_intro": (
        "One number per head, as in Clark et al. (2019), “What Does BERT Look At?”: how much each head looks "
        "at [CLS], at [SEP], at punctuation or at the neighbouring token, and how focused its attention is. "
        "Click a cell to open that head above."
    ),
    "heatmaps.metric": "Metric",
    "heatmaps.metric.entropy": "Entropy",
    "heatmaps.metric.entropy.about": (
        "Mean entropy of each row, in nats: 0 = each token looks at a single one; ln(T) = spread evenly over "
        "the T tokens."
    ),
    "heatmaps.metric.cls": "Attention to [CLS]",
    "heatmaps.metric.cls.about": (
        "Mean share of attention that goes to [CLS] (the token the classifier sees)."
    ),
    "heatmaps.metric.sep": "Attention to [SEP]",
    "heatmaps.metric.sep.about": (
        "Mean share that goes to [SEP]. Clark et al. found many heads look at [SEP] when they “have nothing "
        "to do”."
    ),
    "heatmaps.metric.punct": "Attention to punctuation",
    "heatmaps.metric.punct.about": "Mean share that goes to punctuation marks (. , ! ? …).",
    "heatmaps.metric.previous": "To the previous token",
    "heatmaps.metric.previous.about": "Mean share that goes to the token just before: “positional” heads.",
    "heatmaps.metric.same": "To the token itself",
    "heatmaps.metric.same.about": "Mean share each token gives to itself.",
    "heatmaps.metric.next": "To the next token",
    "heatmaps.metric.next.about": "Mean share that goes to the token just after.",
    "heatmaps.metric.max_weight": "Largest weight",
    "heatmaps.metric.max_weight.about": (
        "Mean of each row's largest weight: 1 = attention on a single token; 1/T = uniform."
    ),
    "heatmaps.metric_top": "Highest value: layer {layer}, head {head} ({value}).",
    "heatmaps.rollout_intro": (
        "A layer only says how it mixes *its own* inputs, which are already mixtures. **Rollout** (Abnar and "
        "Zuidema, 2020) multiplies the attention of all layers (mean of the heads, plus the residual "
        "connection) and estimates how much of each input token reaches [CLS] at the very top, which is what "
        "the classifier uses. Special tokens are grey."
    ),
    "heatmaps.rollout_axis": "share reaching [CLS]",
    "heatmaps.rollout_top": "The text token that reaches [CLS] most: “{token}” ({value} %).",
    "heatmaps.compare_intro": (
        "The same text through both models: which heads did fine-tuning change? For each head, the "
        "Jensen-Shannon divergence between the two models' attention rows (0 = the same, 1 = nothing in "
        "common), averaged over the tokens."
    ),
    "heatmaps.compare_needs_both": (
        "Choose “Both, side by side” above to compare the fine-tuned model with the pretrained one."
    ),
    "heatmaps.compare_needs_run": (
        "Comparing needs a fine-tuned model: start a quick run on the fine-tuning page, or import a run's "
        "zip."
    ),
    "heatmaps.compare_tokens_differ": (
        "The two models split the text into different tokens (another tokenizer), so their maps cannot be "
        "subtracted cell by cell. Compare with the model the run started from."
    ),
    "heatmaps.compare_shapes_differ": (
        "The two models have different numbers of layers × heads ({a} and {b}): they cannot be compared head "
        "by head. Compare with the model the run started from."
    ),
    "heatmaps.js": "JS divergence",
    "heatmaps.change_grid": "How much each head changed",
    "heatmaps.change_top": "The heads that changed most",
    "heatmaps.compare_explain": (
        "The head that changed most is **head {head} of layer {layer}** (divergence {value}; mean of all: "
        "{mean}). Fine-tuning usually changes the top layers most, the ones nearest the classifier: there, "
        "heads learn to look at the words that decide the class; the lower layers, which encode syntax and "
        "position, change little. A large change does not make a head important: for that, switch it off in "
        "the “Switch heads off” tab and see whether the prediction changes."
    ),
    "heatmaps.diff_intro": (
        "Difference in the chosen head (fine-tuned − pretrained): red = fine-tuning gave it more weight, "
        "blue = less."
    ),
    "heatmaps.diff_title": "Fine-tuned − pretrained · {head}",
    "heatmaps.ablation_intro": (
        "Switch heads off and see how the prediction changes. Switching a head off sets its output to zero "
        "before the attention's output projection (its slice of the input to `out_lin` / "
        "`attention.output.dense`): the other heads stay as they were. The model's weights are not touched."
    ),
    "heatmaps.ablate": "Heads switched off in {model}",
    "heatmaps.ablate_placeholder": "Choose heads…",
    "heatmaps.head_short": "Layer {layer} · Head {head}",
    "heatmaps.ablate_click": "Click: switch this head off or on",
    "heatmaps.ablate_off": "off (1) or on (0): ",
    "heatmaps.ablate_grid": "Heads of {model}: click to switch them off",
    "heatmaps.ablate_clear": "None off",
    "heatmaps.ablate_list": "List of heads switched off",
    "heatmaps.ablate_add": "Switch off layer {layer} · head {head}",
    "heatmaps.ablate_none": "No head switched off: the prediction is the one above.",
    "heatmaps.ablate_running": "Computing without those heads…",
    "heatmaps.ablate_unsupported": "Switching heads off is not available yet for “{architecture}” models.",
    "heatmaps.before": "Before",
    "heatmaps.after": "Without those heads",
    "heatmaps.change": "Change (points)",
    "heatmaps.ablate_flipped": (
        "With {count} head(s) switched off the prediction **changes**: from **{before}** to **{after}** "
        "(the probability of {before} goes from {p_before} % to {p_after} %)."
    ),
    "heatmaps.ablate_same": (
        "With {count} head(s) switched off the prediction is still **{after}**; the probability of {before} "
        "goes from {p_before} % to {p_after} %."
    ),
    "heatmaps.export_intro": (
        "Download what you see (with the options above): the figures as interactive HTML, which opens "
        "offline, and the attention as CSV (one row per layer, head, from-token and to-token, counting from "
        "1) or JSON."
    ),
    "heatmaps.export_model_html": "Every head (HTML)",
    "heatmaps.export_head_html": "Chosen head (HTML)",
    "heatmaps.export_png": "A PNG image? Use the camera icon in each chart's toolbar.",
    # --- fine-tuning ---
    "nav.fine_tuning": "Live fine-tuning",
    "home.fine_tuning": (
        "Really train a transformer (DistilBERT on IMDB, as in the course, with `model.compile` and "
        "`model.fit`) and watch it learn step by step: live loss and accuracy, pause, advance one batch at "
        "a time, evaluate, and see how the attention of a few probe sentences changes as it learns."
    ),
    "ft.title": "Live fine-tuning",
    "ft.intro": (
        "Here a pretrained model is fine-tuned for a classification task, as in the course notebook, but in "
        "plain sight: each step is one batch of examples, a forward pass, the loss and one update of the "
        "weights. You can pause, advance one batch at a time, evaluate whenever you like and watch the "
        "attention of probe sentences change. Runs are saved and can be replayed without training again."
    ),
    "ft.course_code_title": "The course code that runs here",
    "ft.course_code_intro": (
        "Training is the course's Keras `model.fit`. The differences: each batch is padded only to its "
        "longest text (not to 512), the learning rate warms up and then decays, and a few callbacks record "
        "the metrics, the probe sentences and the pause controls."
    ),
    "ft.no_runs": (
        'No runs yet. Start a quick run with the default settings (below, "New run"), or import the zip of '
        'a run prepared before class (below, "Import a run").'
    ),
    "ft.new_run": "New run",
    "ft.show_run": "Run shown",
    "ft.run_option": "{name} · {state} · step {steps}",
    "ft.run_title": "{name}: {state}",
    "ft.run_summary": (
        "Model: {model} · data: {data} · max length: {length} · batch: {batch} · layers: {layers} · "
        "learning rate: {lr}"
    ),
    "ft.scratch_of": "{arch} from scratch ({tokenizer}'s tokenizer)",
    "ft.run_gone": "This run no longer exists (it was deleted).",
    "ft.yours": "This run is yours: you can control it (this page's link keeps your permission).",
    "ft.state.queued": "queued",
    "ft.state.preparing": "preparing",
    "ft.state.training": "training",
    "ft.state.stopping": "stopping",
    "ft.state.evaluating": "evaluating",
    "ft.state.running": "training",
    "ft.state.paused": "paused",
    "ft.state.finished": "finished",
    "ft.state.stopped": "stopped",
    "ft.state.failed": "failed",
    "ft.state.interrupted": "interrupted",
    "ft.phase.threads": "Preparing TensorFlow…",
    "ft.phase.data": "Loading the data…",
    "ft.phase.model": "Loading the model…",
    "ft.phase.tokenize": "Tokenising the texts: {done} of {total}…",
    "ft.phase.graph": (
        "Preparing the graph: TensorFlow traces the training step the first time it runs ({seconds} s so "
        "far, usually {expected} s on this machine). Later runs with the same settings start at once."
    ),
    "ft.phase.probes": "Preparing the probe sentences…",
    "ft.phase.validate": "Measuring validation before the first step…",
    "ft.phase.train": "Training…",
    "ft.phase.save": "Saving the model…",
    "ft.phase.evaluate": "Evaluating on the test split…",
    "ft.my_queued": (
        'Your run "{name}" is queued (position {position}): it starts when the one shown here ends.'
    ),
    "ft.queued": "Queued: position {position}. It starts when the current run ends.",
    "ft.queued_behind_translator": (
        "The translation page's translator is training now: the queue moves on when it ends (about 70 s)."
    ),
    "ft.failed": "Training stopped with an error: {reason} Its metrics and last checkpoint are kept.",
    "ft.interrupted": (
        "This run was interrupted (the server restarted or the process ended). Its metrics and last "
        "checkpoint are kept; to go on, start a new run."
    ),
    "ft.stopped": "Stopped before the end. The saved model is the one of the last step.",
    "ft.finished": "Finished. The model is saved and the attention heatmaps page can use it.",
    "ft.note.max_length": "The maximum length was lowered to {limit} tokens: the model reads no more.",
    "ft.waiting_first_step": "Waiting for the first step.",
    "ft.prepare.ready": (
        "Ready: the training graph for these settings is prepared, so the first step comes right after start."
    ),
    "ft.prepare.preparing": (
        "Preparing the training graph for these settings in the background (10-20 s), so that the run starts "
        "at once…"
    ),
    "ft.progress": (
        "Step {step} of {total} · epoch {epoch} · time {elapsed} · ~{eta} left · {speed} examples/s"
    ),
    "ft.progress_done": (
        "Step {step} of {total} · epoch {epoch} · training time {elapsed} · {speed} examples/s"
    ),
    "ft.controls_locked": "Only the teacher can control runs.",
    "ft.controls_not_owner": "Whoever started it (or the teacher) controls it. You can watch.",
    "ft.pause": "Pause",
    "ft.resume": "Resume",
    "ft.step_one": "One step",
    "ft.step_help": "Train one batch and pause again; the probe sentences are measured after every step.",
    "ft.step_n_label": "Steps",
    "ft.step_n": "{n} steps",
    "ft.stop": "Stop",
    "ft.stop_help": "Ends after the current batch, saves the model and evaluates it.",
    "ft.skip_evaluation": "Skip the evaluation",
    "ft.skip_evaluation_help": "Stopping: end now, without the final evaluation on the test split.",
    "ft.evaluate_now": "Evaluate now",
    "ft.evaluate_help": "Measures validation and evaluates on the test split with the model as it is now.",
    "ft.stopping": "Stopping: saving the model and evaluating it…",
    "ft.evaluating": "Evaluating…",
    "ft.chart.title": "How it learns: metrics of every step",
    "ft.chart.loss": "Loss (cross-entropy)",
    "ft.chart.accuracy": "Accuracy",
    "ft.chart.lr": "Learning rate",
    "ft.chart.speed": "Examples per second",
    "ft.chart.raw": "each batch",
    "ft.chart.smoothed": "smoothed",
    "ft.chart.validation": "validation",
    "ft.chart.test": "test",
    "ft.chart.step": "step",
    "ft.probes.title": "Attention while learning",
    "ft.probes.intro": (
        "The probe sentences go through the model every few steps. Move the slider along the training and "
        "see, for the chosen layer and head, where each token looks and how the prediction changes. The "
        "layers that train change; the frozen ones stay the same."
    ),
    "ft.probes.none": "This run has no probe sentences.",
    "ft.probes.waiting": "The probe sentences appear as soon as the model is ready.",
    "ft.probes.sentence": "Probe sentence",
    "ft.probes.layer": "Layer",
    "ft.probes.head": "Head",
    "ft.probes.mean": "mean of the heads",
    "ft.probes.head_n": "head {n}",
    "ft.probes.follow": "Follow the training (show the latest step)",
    "ft.probes.step": "Training step",
    "ft.probes.step_help": "Each mark is a snapshot of the attention taken during training.",
    "ft.probes.one_snapshot": "Only one snapshot so far (step {step}).",
    "ft.probes.unreadable": "This attention snapshot could not be read.",
    "ft.probes.prediction": "At step **{step}** the model says **{label}** with probability {probability}.",
    "ft.probes.heatmap": "Attention at step {step} (layer {layer}, {head})",
    "ft.probes.delta": "Change since step {first} (red: more attention, blue: less)",
    "ft.probes.keys": "looks at (keys)",
    "ft.probes.queries": "token (queries)",
    "ft.probes.prediction_title": "The sentence's prediction during training",
    "ft.probes.probability": "probability",
    "ft.probes.cls_title": "Where {token} looks at each step (layer {layer}, {head})",
    "ft.probes.change_title": "How much each head changed between step {first} and step {step}",
    "ft.probes.open_inside": "See this head from the inside (attention heatmaps)",
    "ft.probes.open_inside_help": (
        "Opens the trained model with this sentence, layer and head; the tab “Inside the head” shows its q, k and v."
    ),
    "ft.probes.change_help": (
        "0 = the head spreads its attention as at the start; 1 = it looks at entirely different tokens "
        "(half the L1 distance between rows, averaged over the tokens)."
    ),
    "ft.eval.title": "Evaluation on the test split (step {step}, {count} examples)",
    "ft.eval.accuracy": "Accuracy",
    "ft.eval.macro_f1": "Macro F1",
    "ft.eval.loss": "Loss",
    "ft.eval.class": "Class",
    "ft.eval.precision": "Precision",
    "ft.eval.recall": "Recall",
    "ft.eval.f1": "F1",
    "ft.eval.support": "Examples",
    "ft.eval.confusion": "Confusion matrix",
    "ft.eval.true": "True",
    "ft.eval.predicted": "Predicted",
    "ft.eval.examples": "Test examples, worst mistakes first",
    "ft.eval.text": "Text",
    "ft.eval.probability": "Probability",
    "ft.eval.ok": "Right?",
    "ft.source": "Starting point",
    "ft.source.pretrained": "Pretrained model",
    "ft.source.scratch": "From scratch (random weights)",
    "ft.model": "Model",
    "ft.tokenizer_from": "Tokenizer of",
    "ft.arch": "Architecture",
    "ft.scratch_layers": "Layers",
    "ft.scratch_help": (
        "From scratch the model knows nothing about the language: it learns far more slowly than a "
        "pretrained one. Useful for comparison."
    ),
    "ft.data": "Data",
    "ft.train_size_help": "How many training examples are taken (a stratified sample drawn with the seed).",
    "ft.classes_from_data": "The number of classes and their names come from the data (two or more).",
    "ft.max_length_help": (
        "Longer texts are cut to this many tokens (shorter ones are not padded to it: each batch only to its "
        "longest text). The cost grows with it; the course uses 512, which on a CPU is several times slower."
    ),
    "ft.truncation.head_tail": "beginning and end",
    "ft.truncation.head": "beginning only",
    "ft.truncation_help": (
        "What a longer text keeps: its first quarter and its last three quarters of the room (a review often "
        "says what it thinks at the end), or its beginning only, as the course's tokenizer does."
    ),
    "ft.head_factor_help": (
        "The new classifier starts from random weights and learns this many times faster than the pretrained "
        "layers (with 1, as in the course, the loss stays flat for the first dozens of steps)."
    ),
    "ft.keep_dropout": "Keep the model's dropout",
    "ft.keep_dropout_help": (
        "Dropout switches random units off while training, against overfitting. In a run of a few minutes it "
        "only slows learning down, so it is off unless you keep it."
    ),
    "ft.group_by_length": "Batches of similar lengths",
    "ft.group_by_length_help": (
        "Texts of similar length share a batch, so batches carry little padding: the same examples in less "
        "time. The order of the batches is still random."
    ),
    "ft.length_mode": "Duration",
    "ft.layers.all": "All",
    "ft.layers.top": "Top layers",
    "ft.layers.classifier": "Classifier only",
    "ft.layers_help": (
        "Training only the top layers (and the classifier) is much faster and needs less memory; the lower "
        "layers keep what the model already knew."
    ),
    "ft.top_k": "How many layers",
    "ft.top_k_lowered": "The model has {layers} layers: all {layers} are trained.",
    "ft.probes_help": (
        "One sentence per line (up to 4). Their attention is measured every few steps. The default sentences "
        "are in the language of the data (IMDB is in English): the model learns that language."
    ),
    "ft.probes_reset": "Default sentences",
    "ft.advanced": "Advanced options",
    "ft.checkpoint_help": (
        "Save the model every this many steps (0: only at the end, when stopped or on an error)."
    ),
    "ft.jit": "Compile with XLA (jit_compile)",
    "ft.jit_help": (
        "XLA compiles the training step for the CPU. It takes a while at first (half a minute or more for "
        "each batch length) and uses more memory; long runs may go faster."
    ),
    "ft.run_name": "Run name",
    "ft.run_name_placeholder": "(automatic: model-data-date)",
    "ft.choose_data": "Choose the data (or upload a file) to start.",
    "ft.estimate": (
        "Estimate: ~{time} in all ({steps} steps of ~{step} s) · peak memory ~{memory} MB of {budget} MB · "
        "{trainable} M of {total} M parameters train"
    ),
    "ft.estimate_unknown": "The cost cannot be estimated until the model is on disk.",
    "ft.long_run": "Note: this run would take about {time}.",
    "ft.will_queue": "A run is training already: yours will be queued (position {position}).",
    "ft.start": "Start training",
    "ft.field.model": "Model",
    "ft.field.data": "Data",
    "ft.field.from_scratch": "Architecture",
    "ft.field.scratch_layers": "Layers",
    "ft.field.train_size": "Training examples",
    "ft.field.validation_size": "Validation",
    "ft.field.test_size": "Test",
    "ft.field.max_length": "Maximum length (tokens)",
    "ft.field.batch_size": "Batch size",
    "ft.field.learning_rate": "Learning rate",
    "ft.field.steps": "Steps",
    "ft.field.epochs": "Epochs",
    "ft.field.train_layers": "Layers that train",
    "ft.field.seed": "Seed",
    "ft.field.probes": "Probe sentences",
    "ft.field.probe_every": "Attention snapshots every (steps)",
    "ft.field.eval_every": "Validation every (steps)",
    "ft.field.checkpoint_every": "Save every (steps)",
    "ft.field.warmup_fraction": "Warm-up",
    "ft.field.truncation": "Long texts keep",
    "ft.field.head_factor": "Classifier's learning rate (× the layers')",
    "ft.problem.not_a_number": "{field}: enter a whole number from {low} to {high}.",
    "ft.problem.out_of_range": "{field}: must be from {low} to {high} (you entered {value}).",
    "ft.problem.no_model": "Choose a model (or, from scratch, where the tokenizer comes from).",
    "ft.problem.no_data": "Choose the data.",
    "ft.problem.bad_architecture": 'There is no architecture "{architecture}" here.',
    "ft.problem.too_long_for_model": "This model reads at most {limit} tokens, not {value}.",
    "ft.problem.bad_learning_rate": "The learning rate must be from {low} to {high}.",
    "ft.problem.bad_head_factor": "{field}: must be from {low} to {high}.",
    "ft.problem.bad_truncation": '{field}: "{value}" is not an option here.',
    "ft.problem.steps_or_epochs": "Give steps or epochs (one of the two).",
    "ft.problem.too_many_layers": "The model has {layers} layers: the top {value} cannot train.",
    "ft.problem.bad_train_layers": 'Layers that train: use "all", "top k" or "classifier only".',
    "ft.problem.too_many_probes": "At most {limit} probe sentences (there are {count}).",
    "ft.problem.empty_probe": "Probe sentence {index} is empty.",
    "ft.problem.long_probe": "Probe sentence {index} is longer than {limit} characters: shorten it.",
    "ft.problem.over_memory": (
        "With these settings the server would need about {peak_mb} MB and the limit is {budget_mb} MB. "
        "Lower the maximum length or the batch size, or train fewer layers."
    ),
    "ft.error.interrupted": "The run was interrupted.",
    "ft.error.too_few_examples": (
        "There are only {count} training examples: fewer than one batch of {batch_size}."
    ),
    "ft.error.diverged": "The loss stopped being a number at step {step}: lower the learning rate.",
    "ft.error.out_of_memory": (
        "Out of memory. Lower the maximum length or the batch size, or train fewer layers."
    ),
    "ft.error.bad_batch": "A batch could not be trained on: {reason}",
    "ft.error.disk_error": "The run's files could not be written: {reason}",
    "ft.error.disk_full": "The disk is full: the run stopped and its unfinished files were removed.",
    "ft.error.training_error": "Error while training: {reason}",
    "ft.error.bad_zip": '"{filename}" is not the zip of a run (or it is damaged).',
    "ft.error.zip_too_large": '"{filename}" is too large to be a run.',
    "ft.error.not_a_run": '"{filename}" is not an exported run: it has no settings.json or status.json.',
    "ft.state.damaged": "damaged",
    "ft.damaged": (
        "This run is damaged: its files are not what a training run writes ({problems}). "
        'It cannot be opened; delete it below, in "Saved runs".'
    ),
    "ft.error.zip_bomb": '"{filename}" unpacks to far more than it holds: not imported.',
    "ft.error.unsafe_zip": (
        '"{filename}" holds paths that are not allowed '
        '(absolute, with "..", links or names that are too long).'
    ),
    "ft.error.runs_quota": (
        "The saved runs would pass their quota of {quota_mb} MB: delete one before importing."
    ),
    "ft.error.disk_full_import": "The disk is full: the run was not imported.",
    "ft.error.damaged_run": '"{filename}" is not a run this app can show (files with invalid values: {problems}).',
    "ft.error.import_busy": "Another run is being imported: try again in a moment.",
    "ft.error.import_quota": "This session already tried to import {limit} runs: reload the page to go on.",
    "ft.error.import_teacher_only": "Only the teacher can import runs.",
    "hosting.no_password": (
        "This server is public: starting, importing or deleting runs needs a teacher. Set "
        "ATTNVIZ_TEACHER_PASSWORD (an environment variable or a Streamlit secret) and enter it in "
        '"Teacher mode". Watching and replaying runs works for everyone.'
    ),
    "hosting.link_model_refused": (
        "The link names a model that is not on this server: a public server only uses the catalog models "
        "and those the teacher placed in the models folder."
    ),
    "ft.teacher.wait": "Too many wrong passwords from here: wait {seconds} s before trying again.",
    "ft.failed_nothing_kept": (
        "Training stopped with an error: {reason} The metrics are kept; no checkpoint had been saved."
    ),
    "ft.error.run_exists": 'A run named "{name}" exists already.',
    "ft.error.run_not_found": 'There is no run "{name}".',
    "ft.denied.teacher_only": "Only the teacher can do this.",
    "ft.denied.not_owner": "Only whoever started this run (or the teacher) can do this.",
    "ft.denied.busy_owner": "You already have a run queued or training: wait until it ends.",
    "ft.denied.active_run": "Stop the run before deleting it.",
    "ft.teacher.title": "Teacher mode",
    "ft.teacher.intro": "With the teacher's password you can start, stop and delete runs.",
    "ft.teacher.password": "Password",
    "ft.teacher.login": "Enter",
    "ft.teacher.logout": "Leave teacher mode",
    "ft.teacher.wrong": "The password is not right.",
    "ft.teacher.active": "Teacher mode is on.",
    "ft.teacher.students_watch": "In this class the teacher runs the training: you can watch it live.",
    "ft.compare.title": "Compare runs",
    "ft.compare.pick": "Runs to compare",
    "ft.compare.pick_two": "Choose at least two runs.",
    "ft.compare.chart": "Loss and validation accuracy of each run",
    "ft.compare.val_accuracy": "validation accuracy",
    "ft.compare.differ": "Settings they differ in: {settings}.",
    "ft.runs.title": "Saved runs",
    "ft.runs.name": "Name",
    "ft.runs.state": "State",
    "ft.runs.steps": "Steps",
    "ft.runs.model": "Model",
    "ft.runs.data": "Data",
    "ft.runs.accuracy": "Accuracy (test)",
    "ft.runs.date": "Date",
    "ft.runs.pick": "Run",
    "ft.runs.open": "Show",
    "ft.runs.export": "Export zip",
    "ft.runs.delete": "Delete",
    "ft.runs.delete_confirm": 'Delete "{name}" with its model and metrics? This cannot be undone.',
    "ft.runs.delete_yes": "Yes, delete",
    "ft.runs.import": "Import a run (zip)",
    "ft.runs.import_help": (
        "Streamlit Community Cloud wipes its disk when the app sleeps: prepare a run before class, export "
        "it as a zip and upload it here."
    ),
    "ft.runs.import_label": "A zip exported from this page or by `python -m attnviz train`",
    "ft.runs.import_button": "Import",
    "ft.runs.imported": 'Imported as "{name}".',
    "ft.probe.sentiment.1": "The movie was wonderful and the actors were great.",
    "ft.probe.sentiment.2": "A boring, long story without any charm.",
    "ft.probe.topic.1": "The team won the match in the last minute.",
    "ft.probe.topic.2": "The company's shares rose after it presented its results.",
    "ft.probe.emotion.1": "Today I feel happy and full of energy.",
    "ft.probe.emotion.2": "I am afraid of what might happen tomorrow.",
    # --- question answering (app_pages/question_answering.py, attnviz.ui.qa_views) ---
    "nav.translation": "Translation (encoder-decoder)",
    "home.translation": (
        "An encoder-decoder trained here, offline, in a minute (it writes dates in ISO form), or a pretrained "
        "translator (Marian, T5). Its cross-attention shows which words of the source each piece it writes looks at."
    ),
    "translation.link_unreadable": "Part of the link could not be read and was ignored: {names}.",
    "translation.json": "Download the three matrices (JSON)",
    "translation.csv": "Download the three matrices (CSV)",
    "translation.title": "Translation: cross-attention",
    "translation.intro": (
        "An encoder-decoder reads the whole source sentence (encoder) and writes the translation piece by piece "
        "(decoder). For each piece it writes, **cross-attention** looks at the source: the playground's formula "
        "with Q from the decoder and K, V from the encoder."
    ),
    "translation.train_title": "Train the translator",
    "translation.train_about": (
        "{steps} steps of Keras `fit` on generated dates (about 70 s on a 2-core laptop; here it reached 99 % "
        "exact match on 200 dates it never saw). It is saved in the app's data folder."
    ),
    "translation.train": "Train the translator",
    "translation.train_again": "Train again",
    "live.teacher_only": (
        "On this server only the teacher may start training (teacher mode, on the fine-tuning page)."
    ),
    "live.busy_fine_tuning": "A fine-tuning run is training: wait until it ends so as not to slow it.",
    "live.training": "Training: step {step} of {total} · loss {loss}",
    "live.paused": "Paused at step {step} of {total} · loss {loss}",
    "live.pause": "Pause",
    "live.resume": "Resume",
    "live.step_10": "10 steps",
    "live.stop": "Stop",
    "live.stop_help": "Ends after the current step and keeps what it learned so far.",
    "live.loss_axis": "loss",
    "live.step_axis": "step",
    "translation.stopped_early": (
        "Training stopped at step {step} of {total}: the translator keeps what it learned so far."
    ),
    "translation.damaged": (
        "The translator saved on this server cannot be read (did the disk fill up while saving it?): train it again."
    ),
    "translation.check": "After {step} steps: {share} % exact match on dates never seen.",
    "live.failed": "Training failed: {reason}",
    "translation.examples": "Examples",
    "translation.source": "Source sentence (a date in words, in Spanish or English)",
    "translation.empty": "Type a date, for example “May 3, 2001” or “tres de mayo de 2001”.",
    "translation.unknown_words": (
        "Some words are unknown to the translator (it only knows dates): it sees them as <unk> and its "
        "translation makes no sense."
    ),
    "translation.output": "**Translation (greedy, piece by piece):** `{output}`",
    "translation.step": "Decoder step",
    "translation.step_help": "At each step the decoder reads what it has written and picks the most likely piece.",
    "translation.choice": "Written so far: `{written}` → picks **“{chosen}”**. Most likely: {options}.",
    "translation.cross_title": "Cross-attention: decoder → source",
    "translation.cross_about": (
        "Each row is a decoder step (what it reads: the start and the pieces written so far); each column, a piece "
        "of the source. A trained translator looks at the source's year while it writes the year."
    ),
    "translation.cross_chart": "Cross-attention",
    "translation.source_axis": "source (the encoder's keys and values)",
    "translation.decoder_axis": "decoder step (queries)",
    "translation.decoder_title": "Decoder self-attention",
    "translation.decoder_chart": "Decoder (causal mask)",
    "translation.causal_why": "The upper triangle is empty: the decoder cannot look at pieces it has not written yet.",
    "translation.encoder_title": "Encoder self-attention",
    "translation.encoder_chart": "Encoder (sees the whole sentence)",
    "translation.replay_title": "How the alignment appeared",
    "translation.replay_about": (
        "The last layer's cross-attention (mean over heads) on “{probe}”, saved during training: from a uniform "
        "blur to an alignment that moves the year to the front."
    ),
    "translation.replay_step": "Training step",
    "translation.replay_chart": "Cross-attention at step {step}",
    "translation.replay_checks": "Exact match on 200 dates never seen (step): {checks}.",
    "translation.tiny_about": (
        "A small translator (a `TFMarianMTModel`, the class of the opus-mt translators, with 2 encoder and 2 "
        "decoder layers) learns here to write dates in ISO form: “December 25, 2026” → “2026-12-25”. The year "
        "moves from the end to the front: to get it right, each piece it writes must look at the right part of "
        "the source."
    ),
    "translation.model": "Translator",
    "translation.model.tiny": "Tiny dates translator (trained here, offline)",
    "translation.model.opus-mt-es-en": "opus-mt-es-en · Spanish → English (Marian, 6 + 6 layers) · {status}",
    "translation.model.opus-mt-en-es": "opus-mt-en-es · English → Spanish (Marian, 6 + 6 layers) · {status}",
    "translation.model.t5-small": "t5-small · English → German (T5, 6 + 6 layers) · {status}",
    "translation.offline": (
        "The Hugging Face Hub cannot be reached and “{name}” is not on this server (~{mb} MB). On a machine with "
        "internet, run `python -m attnviz prefetch --model {name}` and copy its data folder (ATTNVIZ_HOME) here, "
        "or put a translator folder (Marian or T5 in `save_pretrained` format) in {models}. Meanwhile, the tiny "
        "dates translator works offline."
    ),
    "translation.fetch_about": (
        "“{name}” (`{repo}` on the Hub) is not on this server yet: it is downloaded once (~{mb} MB) into the app's "
        "data folder."
    ),
    "translation.fetch": "Download (~{mb} MB)",
    "translation.source_sentence": "Source sentence",
    "translation.empty_sentence": "Write a sentence to translate.",
    "translation.prefix": (
        "T5 gets its task written before the sentence (“{prefix}”): you will see those pieces in the attention."
    ),
    "translation.translating": "Translating…",
    "translation.unknown_pieces": "Some pieces are unknown to the tokenizer (<unk>): the model cannot read them.",
    "translation.merge": "Merge pieces into words",
    "translation.merge_help": (
        "The columns of a word's pieces are added and its rows averaged: every row still sums to 1."
    ),
    "translation.head_title": "One cross-attention head, with its numbers",
    "translation.head_pick": "Choose a head (not the mean) to see its Q, K and V and edit them in the playground.",
    "translation.head_step": "Decoder step (the query)",
    "translation.head_about": (
        "Layer {layer}, head {head}: Q comes from decoder step {step} (“{token}”), K and V from the {n} pieces of "
        "the source ({d}-dimensional vectors, the head's own projections). Its weights computed here equal the "
        "model's (largest difference {difference})."
    ),
    "translation.t5_note": (
        "T5 does not divide the scores by √d_k (that scale is folded into its weights) and, in self-attention, "
        "adds a bias to the scores that depends on the distance between positions. Cross-attention has no such bias."
    ),
    "nav.generation": "Generation (GPT)",
    "home.generation": (
        "A decoder-only model (GPT) continues your sentence piece by piece, greedy or sampled with a temperature "
        "and top-k: each step's options and the causal attention of what it wrote."
    ),
    "generation.title": "Generation: GPT writes piece by piece",
    "generation.intro": (
        "A model like GPT has only a decoder: it reads what is written so far and gives every possible piece a "
        "probability of coming next. One is chosen (the most likely, or drawn by those probabilities), added to "
        "the text, and it starts again. Its self-attention is **causal**: each piece looks only at earlier ones."
    ),
    "generation.model": "Generator model",
    "generation.prompt": "Start of the text (in English for distilgpt2)",
    "generation.empty": "Write the start of a text for the model to continue.",
    "generation.mode": "How it picks the next piece",
    "generation.mode.greedy": "the most likely (greedy)",
    "generation.mode.sample": "at random (sampling)",
    "generation.temperature": "Temperature",
    "generation.temperature_help": (
        "Divides the scores before the softmax: below 1 the model gets surer, above 1 more varied."
    ),
    "generation.top_k": "Top-k",
    "generation.top_k_help": "Draw only among the k most likely pieces.",
    "generation.resample": "Another sample",
    "generation.one": "Next piece",
    "generation.many": "{n} more pieces",
    "generation.reset": "Back to the start",
    "generation.writing": "Writing…",
    "generation.text": "**Text:** {prompt} **{new}**",
    "generation.col_step": "step",
    "generation.col_token": "piece chosen",
    "generation.col_probability": "its probability",
    "generation.col_candidates": "the most likely",
    "generation.shown": "Piece whose attention is shown",
    "generation.newest_title": "Where a piece looks: everything before it",
    "generation.newest_chart": "Attention of “{token}” (layer {layer})",
    "generation.causal_title": "The whole causal matrix",
    "generation.causal_chart": "Causal self-attention (layer {layer})",
    "generation.causal_why": (
        "The upper triangle is empty: while writing a piece the model cannot look at pieces that do not exist yet. "
        "It is the playground's causal mask."
    ),
    "generation.json": "Download the matrix (JSON)",
    "generation.link_unreadable": "Part of the link could not be read and was ignored: {names}.",
    "models.task.generation": "Generation",
    "nlp.error.not_a_generator": "“{source}” is a {architecture} model, not a text generator (GPT).",
    "nav.pretraining": "Pretraining (hidden word)",
    "home.pretraining": (
        "What BERT learns before any fine-tuning: hide a word behind [MASK] and see what a real model's "
        "masked-language head proposes, how likely, and where [MASK] looks."
    ),
    "pretraining.title": "Pretraining: the missing word",
    "pretraining.intro": (
        "BERT is pretrained by hiding random words behind `[MASK]` and learning to guess them from the rest of "
        "the sentence (masked language modelling). Click a word to hide it: the model's masked-language head "
        "proposes the most likely pieces, and the attention shows which words it takes the clue from."
    ),
    "fillin.model": "Model (with a masked-language head)",
    "fillin.text": "Sentence (in English for the catalog's models)",
    "fillin.pick": "Word to hide",
    "fillin.pick_help": "Click a word: it becomes [MASK] and the model guesses it.",
    "fillin.pick_one": "Click a word to hide it.",
    "fillin.masked": "**The sentence with the word hidden:** {sentence} (it was “{word}”)",
    "fillin.probability": "probability",
    "fillin.guesses_title": "What the head proposes for [MASK]",
    "fillin.hit": "Right: its first choice is “{guess}” ({share} %).",
    "fillin.miss": "Its first choice is “{guess}” ({share} %), not “{word}”.",
    "fillin.head_n": "head {n}",
    "fillin.attention_title": "Where [MASK] looks in layer {layer}",
    "fillin.attention_about": (
        "Each row is a head (the last one, the mean): the weight [MASK] gives each piece of the sentence. That is "
        "where the model gets what it needs to guess the hidden word."
    ),
    "fillin.link_unreadable": "Part of the link could not be read and was ignored: {names}.",
    "nlp.error.no_mlm_head": (
        "“{source}” has no masked-language head (its weights do not include one): it cannot guess words, and a "
        "random head would only say nonsense. Choose distilbert-base-uncased, bert-base-uncased, roberta-base or "
        "another folder with “…ForMaskedLM” weights."
    ),
    "nlp.error.too_many_words": "The sentence has {count} words and the limit is {limit}: shorten it.",
    "nlp.error.bad_word": "That word cannot be hidden here: try another, or a shorter sentence.",
    "nav.qa": "Question answering",
    "home.qa": (
        "The course's exercise with `AutoModelForQuestionAnswering`: write a context and a question and see "
        "which passage the model picks, with what score, the alternatives, where it thinks the answer starts "
        "and ends, and which heads link the question's words to the answer."
    ),
    "qa.title": "Question answering",
    "qa.intro": (
        "An **extractive** question answering model does not write the answer: it **points** at it in the "
        "context. It reads `[CLS] question [SEP] context [SEP]` and gives every token two scores: how much "
        "it looks like the **start** of the answer and how much it looks like its **end**. The answer is the "
        "span with the highest sum of the two (start before end, inside the context, not longer than a "
        "limit)."
    ),
    "qa.examples": "Examples",
    "qa.example.1.label": "Hugging Face (the course's exercise)",
    "qa.example.1.context": (
        "Hugging Face is a company that builds open-source tools for machine learning. It was founded in "
        "2016 in New York by Clément Delangue, Julien Chaumond and Thomas Wolf. Its Transformers library "
        "offers thousands of pretrained models for text, images and audio."
    ),
    "qa.example.1.question": "Who founded Hugging Face?",
    "qa.example.2.label": "A long context (several windows)",
    "qa.example.2.context": (
        "For years, recurrent neural networks were the usual tool for processing text. They read a sentence "
        "word by word and kept what they had read in a hidden state, a vector of fixed size that had to "
        "summarise everything so far. With long sentences that summary fell short: the information from the "
        "beginning faded before the end was reached.\n\n"
        "In 2014, Dzmitry Bahdanau, Kyunghyun Cho and Yoshua Bengio proposed an attention mechanism for "
        "machine translation. Instead of squeezing the source sentence into a single vector, the translator "
        "could look at every source word at each step and decide how much weight to give each one. The "
        "translation of long sentences improved markedly.\n\n"
        'In 2017, a team at Google published the paper "Attention Is All You Need", which introduced the '
        "transformer. The central idea was to drop recurrence altogether: every layer applies "
        "self-attention, so that each word looks at all the others at once, and the computation for all "
        "positions can be spread out in parallel. To keep the order of the words, a positional encoding is "
        "added to the embeddings.\n\n"
        "The original transformer had an encoder and a decoder, each with six layers and eight attention "
        "heads per layer. Each head learns to attend to different relations: some follow the syntax, others "
        "link pronouns to what they refer to, and others simply look at the next word.\n\n"
        "Pretrained models came soon after. BERT, published by Google in 2018, uses only the encoder and is "
        "trained by guessing hidden words in huge amounts of text. GPT, from OpenAI, uses only the decoder "
        "and learns to predict the next word. In 2019, Hugging Face introduced DistilBERT, a distilled "
        "version of BERT that keeps most of its performance and is 60 percent faster.\n\n"
        "Today transformers are used to translate, summarise, classify opinions, answer questions about a "
        "text and even to analyse images and sound."
    ),
    "qa.example.2.question": "Which company introduced DistilBERT?",
    "qa.example.3.label": "No answer in the context",
    "qa.example.3.context": (
        "The Eiffel Tower is in Paris. It was built between 1887 and 1889 for the World's Fair and is about "
        "330 metres tall. For more than forty years it was the tallest structure in the world."
    ),
    "qa.example.3.question": "Who won the 2010 football World Cup?",
    "qa.example.4.label": "In Spanish (not the model's language)",
    "qa.example.4.context": (
        "La selva amazónica cubre la mayor parte de la cuenca del Amazonas, en América del Sur. La mayor "
        "parte del bosque, alrededor del 60 por ciento, está en Brasil, seguido de Perú con el 13 por ciento "
        "y Colombia con el 10 por ciento."
    ),
    "qa.example.4.question": "¿Qué país tiene la mayor parte de la selva amazónica?",
    "qa.context": "Context",
    "qa.context_help": (
        "The text in which the model looks for the answer. Press Ctrl+Enter (or click outside) to answer. "
        "The default model was trained on SQuAD, in English: it does much better on English texts."
    ),
    "qa.question": "Question",
    "qa.question_help": "Press Enter to answer.",
    "qa.empty_context": "Write a context: the text in which the model will look for the answer.",
    "qa.empty_question": "Write a question about the context.",
    "qa.empty_context_question": "Write a context and a question about it (or pick an example).",
    "qa.huge_context": (
        "The context has {chars} characters and the limit is {limit}: shorten it (your text is still in the "
        "box)."
    ),
    "qa.model": "Question answering model",
    "qa.pick_model": "Choose a model or type the path of a folder.",
    "qa.no_model": (
        'No question answering model is available: the Hugging Face Hub does not answer and "{name}" is '
        "not on this server. To use a local folder (saved with save_pretrained), copy it into `{models}` and "
        'it will appear in the list, or choose "Other (Hub id or folder)…" and type its path.'
    ),
    "qa.new_head": (
        "This model has no trained question answering head (its weights are random): its answers mean "
        "nothing. Use a model fine-tuned on SQuAD."
    ),
    "qa.threshold": "Confidence threshold",
    "qa.threshold_help": (
        "Below this score the answer is marked unreliable. The default model was trained on SQuAD 1.1, where "
        "there always was an answer: that is why it always points at some span."
    ),
    "qa.settings": "More settings",
    "qa.top_k": "Alternative answers to show",
    "qa.max_answer": "Longest answer (tokens)",
    "qa.max_answer_help": "Only spans of at most this many tokens count.",
    "qa.window": "Tokens per window",
    "qa.window_help": (
        "How many tokens the model reads at once (question and special tokens included; this model accepts "
        "{max}). A longer context is split into overlapping windows."
    ),
    "qa.stride": "Overlap between windows (tokens)",
    "qa.stride_help": (
        'Tokens shared by two consecutive windows (the "document stride"), so that an answer cut by the '
        "edge of one window appears whole in the next."
    ),
    "qa.reading": "Reading window {done} of {total}…",
    "qa.running": "Looking for the answer…",
    "qa.no_span": "The context has no token the model could point at as an answer.",
    "qa.answer_heading": "The answer",
    "qa.answer": "**Answer:** {answer}",
    "qa.score": "Score",
    "qa.score_help": (
        "The span's probability among all possible spans of its window: softmax of (start score + end score)."
    ),
    "qa.reliable": "Reliable answer: its score ({score}) reaches the threshold ({threshold}).",
    "qa.unreliable": (
        "**Unreliable answer**: its score ({score}) is below the threshold ({threshold}). The context may "
        "not contain the answer, or the model may not find it. This model always points at some span, even "
        "when there is no answer: do not trust this one."
    ),
    "qa.unreliable_untrained": (
        "**Unreliable answer**: its score ({score}) is below the threshold ({threshold}). With an untrained "
        "question-answering head any span is chance, whether or not the context holds the answer."
    ),
    "qa.answer_title": "Answer",
    "qa.alternative_title": "Alternative",
    "qa.whole_context": "The whole context",
    "qa.highlight_legend": (
        "Highlighted: the answer (green if reliable, orange if not). Underlined: other alternatives that do "
        "not overlap it."
    ),
    "qa.alternatives": "The {count} best answers",
    "qa.col.rank": "#",
    "qa.col.answer": "Answer",
    "qa.col.score": "Score",
    "qa.col.window": "Window",
    "qa.col.chars": "Characters",
    "qa.col.tokens": "Context tokens",
    "qa.col.best_here": "Best span in the window",
    "qa.one_window": "The context has {tokens} tokens and fits in a single window of {max} tokens.",
    "qa.windows": (
        "The context has {tokens} tokens, more than fit in a window of {max} (with the question). It was "
        "split into **{count} overlapping windows** ({stride} tokens of overlap), each with the whole "
        "question; the best span of all of them wins. The answer is in window {window}."
    ),
    "qa.stride_reduced": (
        "The overlap asked for ({asked} tokens) leaves the window no room to move on: {used} are used."
    ),
    "qa.windows_table": "The windows",
    "qa.scores_heading": "Where it starts and where it ends",
    "qa.scores_about": (
        "Every context token has a start score and an end score. As probabilities, each series is a softmax "
        "over the window's context tokens; the green band is the answer."
    ),
    "qa.scores_kind": "Show",
    "qa.scores.probability": "Probability",
    "qa.scores.logit": "Logit",
    "qa.start": "Start",
    "qa.end": "End",
    "qa.scores_title": "Start and end scores · window {window}",
    "qa.attention_heading": "Attention from the question to the context",
    "qa.attention_about": (
        "Each cell is a head: of the attention the question's tokens give the context, the share that lands "
        "on the answer's tokens (window {window}). A head spreading its attention evenly would give "
        "{uniform}. Click a cell to see that head below."
    ),
    "qa.layer": "Layer",
    "qa.head": "Head",
    "qa.share": "Share on the answer",
    "qa.grid_title": "Which heads look at the answer?",
    "qa.click_hint": "Click: see this head",
    "qa.whole_window": "Whole window",
    "qa.whole_window_help": "When off, only {n} context tokens on each side of the answer are shown.",
    "qa.head_title": "Layer {layer} · Head {head} · {share} of the attention on the answer",
    "qa.context_tokens": "Context tokens (the answer framed)",
    "qa.question_tokens": "Question tokens",
    "nlp.error.empty_question": "The question is empty: write one.",
    "nlp.error.empty_context": "The context is empty: write the text in which to look for the answer.",
    "nlp.error.context_too_long": "The context has {chars} characters and the limit is {limit}: shorten it.",
    "nlp.error.question_too_long": (
        "The question takes {tokens} tokens and at most {limit} fit: shorten it or choose longer windows."
    ),
    # --- follow the teacher ---
    "classroom.present": "Present to the class",
    "classroom.presenting": "**You are presenting.** Class code: **{code}** · {count} following your screen",
    "classroom.show_qr": "QR code",
    "classroom.qr_caption": "Scan the code or open {link} (class code: **{code}**).",
    "classroom.local_only": (
        "This address only works on this computer. Open the app with the machine's network address "
        '(the "Network URL" that `streamlit run` prints) so that the class\'s phones can reach it.'
    ),
    "classroom.stop": "Stop presenting",
    "classroom.following": (
        "**You are following the teacher's screen** (class {code}): the page changes when the teacher "
        "changes page or view."
    ),
    "classroom.explore": "Explore on my own",
    "classroom.exploring": "The teacher is presenting; you are exploring on your own.",
    "classroom.come_back": "Back to the teacher",
    "classroom.join_intro": "In class? Scan the QR code on the teacher's screen or type its code.",
    "classroom.code_label": "Class code",
    "classroom.join": "Join",
    "classroom.wrong_code": (
        '"{code}" is not the code of the class being presented now: copy it from the teacher\'s screen.'
    ),
    "classroom.no_class": 'Nobody is presenting now, so "{code}" leads to no class.',
    # --- guess first ---
    "guess.mode": "Guess first",
    "guess.mode_help": (
        "Hides the weights and the context until you have made your guess for one query; then the "
        "answer appears beside your guess. It is in the link: whoever opens it guesses too."
    ),
    "guess.hidden": "The weights are hidden: look at the scores and make your guess below.",
    "guess.intro": (
        "**Guess before you look.** From the scores above, how will softmax share this query's "
        "attention among the keys?"
    ),
    "guess.weights": (
        "Drag how much weight you think each key gets from {query} (they need not add up to 1: they "
        "are shared in proportion)."
    ),
    "guess.masked_key": "{key}: masked (weight 0)",
    "guess.lean": "Which value does the context of {query} lean to?",
    "guess.lean_needed": "Pick a value to be able to reveal the answer.",
    "guess.reveal": "Reveal",
    "guess.yours": "Your guess",
    "guess.real": "Real weights",
    "guess.chart_title": "Your guess and the real weights of {query}",
    "guess.distance": (
        "Your share is **{percent} %** away from the real one (the part of the attention that would "
        "have to move to get it right). Where you missed most: **{worst}**, {guessed} against {real}."
    ),
    "guess.lean_right": "Well done! The context leans to **{value}**, the key with the most weight.",
    "guess.lean_wrong": "The context leans to **{value}** (the key with the most weight), not to {guessed}.",
    "guess.again": "Guess again",
    "guess.heads_mode_help": (
        "Hides how much each head changed until you have bet on the one that changed most. It is in "
        "the link: whoever opens it bets too."
    ),
    "guess.heads_intro": (
        "**Bet before you look.** Which head changed its attention on this text most with fine-tuning?"
    ),
    "guess.heads_result": (
        "Your head (layer {layer}, head {head}) ranks **{rank} of {heads}** by change (JS {value}). "
        "The one that changed most: layer {best_layer}, head {best_head} (JS {best_value})."
    ),
    "heatmaps.grid_layers": "Layers in the model view",
    "heatmaps.grid_all_layers": "All",
    # --- pretrain a tiny BERT ---
    "pretrain.title": "Pretrain one yourself: a tiny BERT from scratch",
    "pretrain.intro": (
        "This is how BERT learns before any fine-tuning: 15 % of each sentence's pieces are hidden "
        "and the model learns to guess them. Here you do it with a 2-layer, 4-head BERT, with a "
        "WordPiece vocabulary learnt from your own text, in a few minutes and offline."
    ),
    "pretrain.train_title": "Pretrain a tiny BERT",
    "pretrain.about": (
        "Upload a text (a .txt with one sentence per line, or a .csv with a text column; "
        "rt-polarity's sentences work). {steps} steps by default. When it ends, the model appears "
        'above under "Model" and on the fine-tuning page.'
    ),
    "pretrain.train": "Pretrain",
    "pretrain.train_again": "Pretrain another",
    "pretrain.upload": "Text to pretrain on",
    "pretrain.upload_help": "At most 20 MB. It is read in memory; the file is not kept.",
    "pretrain.name": "Model name",
    "pretrain.name_help": "Saved in the models folder under this name (letters, digits, - and _).",
    "pretrain.steps": "Steps",
    "pretrain.needs_text": "Upload a text to be able to start.",
    "pretrain.ready": '{count} sentences; {held} are kept apart for measuring. It will be saved as "{name}".',
    "pretrain.problem.too_few_texts": (
        "The text has {count} non-empty lines and at least {needed} are needed: upload a longer text."
    ),
    "pretrain.problem.file_too_big": "The file is over {limit_mb} MB: upload a smaller one.",
    "pretrain.problem.bad_csv": "The CSV could not be read: check that it has a header and a text column.",
    "pretrain.live_check": "Step {step}: it guesses {accuracy} % of the hidden pieces of sentences it has not seen.",
    "pretrain.accuracy": "accuracy (top-1)",
    "pretrain.baseline": "always the most frequent piece",
    "pretrain.replay_title": "How it learned",
    "pretrain.replay_model": "Tiny BERT",
    "pretrain.summary": (
        "{steps} steps over {texts} sentences, a vocabulary of {vocabulary} pieces. It guesses "
        '**{accuracy} %** of the hidden pieces in held-out sentences; always saying "{piece}" '
        "(the most frequent piece) gets {baseline} %."
    ),
    "pretrain.check_step": "Training step",
    "pretrain.sentence": "Held-out sentence",
    "pretrain.word": "Hidden word",
    "pretrain.guesses": "Its 3 guesses",
    "pretrain.patterns_intro": (
        "**What its heads look at** at that step (mean over held-out sentences): at first they all "
        "look everywhere alike. In a long pretraining (thousands of steps) some specialise in the "
        "previous piece, the next one or [SEP]; in a few minutes the change is small: compare step 0 "
        "with the last."
    ),
    "pretrain.pattern.previous": "Attention to the previous piece",
    "pretrain.pattern.next": "Attention to the next piece",
    "pretrain.pattern.sep": "Attention to [SEP]",
    "pretrain.pattern.entropy": "Entropy (breadth, nats)",
    "pretrain.use_it": (
        '"{name}" is now one more model: pick it above to hide words, or on the fine-tuning page '
        "to fine-tune it for a task."
    ),
    "pretrain.weight": "weight",
    "induction.title": "Watch an induction head form",
    "induction.intro": (
        "A tiny GPT-2 (2 layers × 2 heads, 64 wide) learns, from scratch, sequences of random tokens in which a "
        "random segment comes back: *noise · a₁ … aₙ · noise · a₁ … aₙ*. The first copy cannot be predicted; the "
        "second can, if a head looks at **the token after the previous occurrence of the current token** and "
        "copies it (Olsson et al. 2022, *In-context Learning and Induction Heads*). That **induction head** needs "
        "a partner in the layer before it, a head that looks at the previous token. The segment's length, where "
        "it starts and the noise between the copies change every time, so counting positions does not work: the "
        "head has to match content. Watch the loss on the second copy drop suddenly when the head forms."
    ),
    "induction.train_title": "Train the tiny GPT-2",
    "induction.train_about": (
        "{steps} steps of Keras `fit`, batches of 32 sequences (about 100 s on a 2-core laptop; the head forms "
        "near step 1,300, about 50 s in). Attention-only blocks, the building-blocks page's sinusoidal positions, "
        "and the first layer's values kept at their random start (only its queries and keys learn): the three "
        "choices that make it form in class time. Saved in the app's data folder."
    ),
    "induction.train": "Train the tiny GPT-2",
    "induction.train_again": "Train again",
    "induction.first_half": "loss on the first copy",
    "induction.repeat": "loss on the second copy",
    "induction.best_score": "best induction score",
    "induction.damaged": "The saved run could not be read. Train again.",
    "induction.losses_title": "Next-token loss on each copy",
    "induction.head_name": "layer {layer} · head {head}",
    "induction.scores_title": "Induction score of every head",
    "induction.score_axis": "score",
    "induction.score_about": (
        "**Induction score** of a head: its mean attention from each position $t$ of the second copy to the token "
        "after the first occurrence of the token at $t$, $\\frac{1}{n-1}\\sum_t A_{t,\\,t-d+1}$ where "
        "$d$ is the distance between the copies, over 128 sequences never trained on. 1 is a perfect induction "
        "head; a head that spreads its attention evenly scores about $1/t$."
    ),
    "induction.step": "Training step",
    "induction.head": "Head",
    "induction.attention_title": "Layer {layer}, head {head} at step {step}: a probe sequence",
    "induction.keys_axis": "looks at (position · token)",
    "induction.queries_axis": "from (position · token)",
    "induction.stripe_about": (
        "The first copy starts at position {first}, the second at {second}. An induction head draws a diagonal "
        "stripe {offset} positions left of the main diagonal, from the second copy's rows: each token looks at "
        "the one after its earlier occurrence."
    ),
    "induction.grid_title": "Induction score at step {step}",
    "induction.previous_title": "Attention to the previous token at step {step}",
    "induction.previous_about": (
        "The partner: a head of layer 1 that looks at the previous token writes *which token came before* into "
        "each position. The induction head of layer 2 then compares the current token with that, and finds the "
        "position whose previous token is the current one. Both usually appear at the same step."
    ),
}
