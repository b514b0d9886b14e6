"""Textos en español (el idioma del curso). Mismas claves que en ``en.py``."""

STRINGS = {
    # --- navegación y opciones comunes ---
    "nav.home": "Inicio",
    "nav.playground": "Laboratorio de atención",
    "display.large_text": "Texto grande (proyector)",
    "display.large_text_help": "Agranda textos y gráficos para leerlos desde el fondo del aula.",
    # --- inicio ---
    "home.title": "attnviz: cómo funciona la atención en los transformers",
    "home.intro": (
        "Una aplicación para el curso *Transformers y Mecanismos de Atención*. "
        "Cada página enseña una pieza: toca los números, mira qué cambia y por qué."
    ),
    "home.playground": (
        "Escribe las matrices **Q**, **K** y **V** y observa al instante las puntuaciones "
        "$QK^\\top$, el escalado por $1/\\sqrt{d_k}$, las máscaras (causal, relleno), los pesos "
        "softmax y los vectores de contexto; paso a paso con los números de una consulta, y con "
        "varias cabezas de atención."
    ),
    "home.footer": "Cambia el idioma y el tamaño del texto en la barra lateral.",
    # --- laboratorio ---
    "playground.title": "Laboratorio de atención",
    "playground.intro": (
        "Cada **consulta** $q_i$ se compara con todas las **claves** $k_j$ (producto escalar); "
        "softmax convierte esas puntuaciones en **pesos** que suman 1, y el **contexto** es la media "
        "de los **valores** $v_j$ ponderada por esos pesos. Edita cualquier número: todo se recalcula."
    ),
    "playground.link_unreadable": "Parte del enlace no se pudo leer y se ignoró: {names}.",
    "playground.preset": "Ejemplo",
    "playground.new_random": "Nuevo aleatorio",
    "playground.seed": "Semilla del ejemplo aleatorio: {seed} (queda en el enlace para compartirlo).",
    "playground.dim.n": "n (consultas)",
    "playground.dim.m": "m (claves)",
    "playground.dim.d_k": "d_k (dim. de q y k)",
    "playground.dim.d_v": "d_v (dim. de v)",
    "playground.matrix.Q": "**Q**: consultas (n × d_k)",
    "playground.matrix.K": "**K**: claves (m × d_k)",
    "playground.matrix.V": "**V**: valores (m × d_v)",
    "playground.column": "columna",
    "playground.scaled": "Escalar por 1/√d_k",
    "playground.scaled_help": (
        "Así lo define la fórmula. Desactívalo para ver el código del curso sin escalar: "
        "con vectores largos las puntuaciones crecen y softmax se satura."
    ),
    "playground.temperature": "Temperatura T",
    "playground.temperature_help": "Divide las puntuaciones por T: T < 1 afila los pesos, T > 1 los suaviza.",
    "playground.mask": "Máscara",
    "playground.padded_keys": "Claves de relleno (padding)",
    "playground.showing_last_valid": (
        "Se muestra el último resultado válido hasta que corrijas la entrada. Lo que escribiste se conserva."
    ),
    "playground.pipeline_title": "De las puntuaciones a los pesos",
    "playground.scores_title": "Puntuaciones QKᵀ",
    "playground.scores_caption": "Producto escalar de cada consulta (fila) con cada clave (columna).",
    "playground.logits_title": "Escaladas y enmascaradas",
    "playground.scaling_on": "Multiplicadas por 1/√{d_k} = {factor}.",
    "playground.scaling_off": "Sin escalar (como el código del curso).",
    "playground.temperature_note": "Divididas por la temperatura T = {temperature}.",
    "playground.weights_title": "Pesos softmax",
    "playground.weights_caption": "Cada fila suma 1; las claves enmascaradas reciben 0.",
    "playground.fully_masked": (
        "{query}: todas sus claves están enmascaradas, así que sus pesos y su contexto son 0 (no NaN)."
    ),
    "playground.context_title": "Vectores de contexto",
    "playground.context_caption": "Fila i: c_i = Σ_j w_ij · v_j.",
    "playground.context_chart_title": "Contexto por dimensión",
    "playground.steps_title": "Paso a paso",
    "playground.query": "Consulta",
    "playground.step1": "**1. Puntuaciones**: el producto escalar de la consulta con cada clave.",
    "playground.step2": "**2. Escalado, temperatura y máscara.**",
    "playground.step3": "**3. Softmax** (restando el máximo, que no cambia el resultado y evita desbordes).",
    "playground.step4": "**4. Contexto**: la suma de los valores ponderada por los pesos.",
    "playground.masked_word": "enmascarada",
    "playground.multihead_title": "Atención multi-cabeza",
    "playground.multihead_intro": (
        "Con $h$ cabezas, las columnas de Q, K y V se reparten en $h$ bloques iguales; cada cabeza "
        "atiende con su bloque (escalando por $1/\\sqrt{d_k/h}$) y sus salidas se concatenan. "
        "En un transformer real cada cabeza tiene además sus propias proyecciones $W^Q, W^K, W^V$ "
        "y la concatenación pasa por $W^O$; aquí son la identidad para que veas los números."
    ),
    "playground.heads": "Cabezas h",
    "playground.multihead_split": "{heads} cabeza(s): cada una usa {dk} columna(s) de Q y K y {dv} de V.",
    "playground.head_title": "Cabeza {head}",
    "playground.concat_title": "**Salida concatenada** (n × d_v)",
    "playground.share_title": "Compartir este ejemplo",
    "playground.share_caption": "Este enlace reproduce las matrices y las opciones. La barra de direcciones también.",
    "playground.share_needs_valid": "Corrige la entrada para obtener un enlace.",
    # --- ejemplos ---
    "preset.course": "Ejemplo del curso",
    "preset.course.about": "q = [1, 0] se parece más a la primera clave, así que el contexto se acerca a [10, 0].",
    "preset.identical_keys": "Claves idénticas",
    "preset.identical_keys.about": "Todas las claves son iguales: mismas puntuaciones, pesos uniformes.",
    "preset.dominant_key": "Una clave dominante",
    "preset.dominant_key.about": "Una clave apunta como la consulta y es más larga: se lleva casi todo el peso.",
    "preset.orthogonal": "Consulta ortogonal",
    "preset.orthogonal.about": "La consulta es perpendicular a todas las claves: puntuaciones 0, pesos uniformes.",
    "preset.saturation": "Saturación de softmax",
    "preset.saturation.about": (
        "Vectores grandes dan puntuaciones enormes y softmax se vuelve casi one-hot. "
        "Desactiva el escalado para verlo aún más extremo."
    ),
    "preset.causal": "Decodificador (máscara causal)",
    "preset.causal.about": "Autoatención de 4 tokens: cada token solo ve a sí mismo y a los anteriores.",
    "preset.padding": "Relleno (padding)",
    "preset.padding.about": "La última clave es relleno de un lote: la máscara le da peso 0.",
    "preset.random": "Aleatorio",
    "preset.random.about": "Números aleatorios N(0, 1); pulsa «Nuevo aleatorio» para otro.",
    # --- máscaras ---
    "mask.none": "Ninguna",
    "mask.causal": "Causal",
    "mask.padding": "Relleno",
    # --- errores de entrada ---
    "input.in_matrix": "Hay celdas que no son números válidos en **{name}**:",
    "input.empty": "{cell}: la celda está vacía; escribe un número.",
    "input.not_a_number": "{cell}: «{raw}» no es un número (ejemplos válidos: 2, -0.5, 1,5, 1/3, 1e-2).",
    "input.not_finite": "{cell}: «{raw}» no es un número finito (NaN o infinito no valen).",
    "input.too_large": "{cell}: «{raw}» es demasiado grande; usa valores entre -{limit} y {limit}.",
    "input.more": "… y {count} celda(s) más.",
    "input.shape.qk_columns": "Q tiene {left} columna(s) y K {right}: deben compartir d_k.",
    "input.shape.kv_rows": "K tiene {left} fila(s) y V {right}: debe haber un valor por clave.",
    "input.causal_needs_n_le_m": (
        "La máscara causal necesita n ≤ m (la consulta i ve las claves 1…i), pero n = {n} y m = {m}. "
        "Reduce n, aumenta m o elige otra máscara."
    ),
}
