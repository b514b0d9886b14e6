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
        "atiende con su bloque (con el escalado activado, por $1/\\sqrt{d_k/h}$) y sus salidas se "
        "concatenan. En un transformer real cada cabeza tiene además sus propias proyecciones $W^Q, W^K, "
        "W^V$ y la concatenación pasa por $W^O$; aquí son la identidad para que veas los números."
    ),
    "playground.heads": "Cabezas h",
    "playground.multihead_split": (
        "Cabezas: {heads} · columnas de Q y K por cabeza: {dk} · columnas de V por cabeza: {dv}."
    ),
    "playground.head_title": "Cabeza {head}",
    "playground.concat_title": "**Salida concatenada** (n × d_v)",
    "playground.share_title": "Compartir este ejemplo",
    "playground.share_caption": (
        "Este enlace reproduce las matrices y las opciones. La barra de direcciones también."
    ),
    "playground.share_needs_valid": "Corrige la entrada para obtener un enlace.",
    # --- ejemplos ---
    "preset.course": "Ejemplo del curso",
    "preset.custom.about": "Un ejemplo propio, llegado por un enlace: elige uno de la lista para volver a empezar.",
    "preset.course.about": (
        "q = [1, 0] se parece más a la primera clave, así que el contexto se acerca a [10, 0]."
    ),
    "preset.identical_keys": "Claves idénticas",
    "preset.identical_keys.about": "Todas las claves son iguales: mismas puntuaciones, pesos uniformes.",
    "preset.dominant_key": "Una clave dominante",
    "preset.dominant_key.about": (
        "Una clave apunta como la consulta y es más larga: se lleva casi todo el peso."
    ),
    "preset.orthogonal": "Consulta ortogonal",
    "preset.orthogonal.about": (
        "La consulta es perpendicular a todas las claves: puntuaciones 0, pesos uniformes."
    ),
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
    # --- building blocks ---
    "nav.blocks": "Componentes clave",
    "home.blocks": (
        "Los **componentes clave** de un transformer, uno a uno: los embeddings y la similitud entre tokens, "
        "la codificación posicional sinusoidal, la red feed-forward (ReLU o GELU), la conexión residual y la "
        "normalización de capa; cada uno con su fórmula y sus números."
    ),
    "blocks.title": "Componentes clave del transformer",
    "blocks.intro": (
        "Además de la atención, cada capa de un transformer tiene unas pocas piezas sencillas. Aquí puedes "
        "tocar cada una y ver sus números. Este es el recorrido de una frase por un codificador:"
    ),
    "blocks.tab.embedding": "Embeddings",
    "blocks.tab.pe": "Codificación posicional",
    "blocks.tab.ffn": "Red feed-forward",
    "blocks.tab.norm": "Residual y normalización",
    "blocks.tab.mha": "Atención multi-cabeza",
    "blocks.seed": "Semilla",
    "blocks.list.problem": "Revisa {what}:",
    "blocks.list.item": "elemento {position}",
    "blocks.list.empty": "No hay ningún número: escribe al menos uno.",
    "blocks.list.too_short": "Solo hay {count} número(s); hacen falta al menos {min}.",
    "blocks.list.too_long": "Hay {count} números; el máximo es {max}.",
    "blocks.list.not_an_integer": "{item}: «{raw}» no es un número entero.",
    "blocks.list.out_of_range": "{item}: la dimensión {raw} no existe; elige entre 0 y {high}.",
    "blocks.embedding.intro": (
        "Un modelo no lee letras: primero divide la frase en **tokens** y cambia cada token por su número de "
        "fila (**id**) en la **tabla de embeddings** $E$, una matriz con un vector de $d$ números por cada "
        "token del vocabulario. Esa fila es el **embedding** del token. La **similitud coseno** mide cuánto "
        "apuntan dos vectores en la misma dirección: 1 si apuntan igual, 0 si no tienen relación, −1 si son "
        "opuestos."
    ),
    "blocks.embedding.example": "el gato persigue al ratón y el perro persigue al gato",
    "blocks.embedding.sentence": "Frase",
    "blocks.embedding.dim": "Dimensión d del embedding",
    "blocks.embedding.add_pe": "Sumar la codificación posicional",
    "blocks.embedding.add_pe_help": (
        "x_i = e_i + PE_pos: la entrada que recibe de verdad el transformer. "
        "Las palabras repetidas dejan de tener vectores idénticos."
    ),
    "blocks.embedding.empty": "Escribe una frase con al menos una palabra para ver sus embeddings.",
    "blocks.embedding.truncated": (
        "La frase tiene {count} tokens; se muestran los {max} primeros para que los gráficos se puedan leer."
    ),
    "blocks.embedding.random_table": (
        "Tabla aleatoria de ejemplo: {size} tokens distintos × {dim} dimensiones, valores N(0, 1) fijados "
        "por la semilla. Los tokens salen de separar la frase en minúsculas por palabras y signos de "
        "puntuación."
    ),
    "blocks.embedding.model_table": "Tabla de embeddings de {name}: {size} tokens × {dim} dimensiones.",
    "blocks.embedding.unknown": (
        "Estos tokens no están en la tabla y se muestran como vectores de ceros: {tokens}."
    ),
    "blocks.embedding.vectors_title": "Embeddings de los tokens (una fila por token)",
    "blocks.embedding.vectors_pe_title": "Embedding + codificación posicional",
    "blocks.embedding.similarity_title": "Similitud coseno entre tokens",
    "blocks.embedding.repeat_caption": (
        "Un token repetido recibe exactamente el mismo vector (similitud 1): el embedding no sabe en qué "
        "posición está cada palabra. Eso lo añade la codificación posicional (activa el interruptor de "
        "arriba)."
    ),
    "blocks.embedding.pe_caption": (
        "Con la codificación posicional sumada, las apariciones de una misma palabra ya no son idénticas: "
        "el modelo puede distinguir «el gato persigue al perro» de «el perro persigue al gato»."
    ),
    "blocks.embedding.token_a": "Token A",
    "blocks.embedding.token_b": "Token B",
    "blocks.embedding.random_note": (
        "Con una tabla aleatoria, la similitud entre palabras distintas es puro azar (más cerca de 0 cuanto "
        "mayor es d). En un modelo entrenado la tabla se aprende, y las palabras que aparecen en contextos "
        "parecidos acaban con vectores parecidos."
    ),
    "blocks.pe.intro": (
        "La atención no tiene noción de orden: si barajas los tokens, cada uno recibe el mismo contexto que "
        "antes, solo que en otro sitio. Por eso a cada embedding se le suma un vector que depende solo de su "
        "**posición**. El Transformer original (Vaswani et al., 2017) usa senos y cosenos: cada par de "
        "dimensiones $(2i, 2i+1)$ gira a su propia velocidad $\\omega_i$ (la fórmula, justo debajo), como "
        "las agujas de un reloj."
    ),
    "blocks.pe.d_model": "d_model (dimensiones)",
    "blocks.pe.length": "Longitud (posiciones)",
    "blocks.pe.heatmap_title": "PE: {length} posiciones × {d_model} dimensiones",
    "blocks.pe.dimension": "dimensión",
    "blocks.pe.position": "posición",
    "blocks.pe.heatmap_hover": "posición %{y}, dimensión %{x}: %{z:.3f}",
    "blocks.pe.heatmap_caption": (
        "Las primeras dimensiones cambian mucho de una posición a la siguiente; las últimas, casi nada. "
        "Cada posición recibe una combinación distinta de valores entre −1 y 1."
    ),
    "blocks.pe.dims": "Dimensiones a dibujar",
    "blocks.pe.dims_help": (
        "Números de dimensión entre 0 y {high}, separados por comas o espacios (como mucho 8)."
    ),
    "blocks.pe.dims_what": "las dimensiones a dibujar",
    "blocks.pe.curve_name": "dim {dim} ({kind}, periodo {wavelength})",
    "blocks.pe.curves_title": "Cada dimensión es una onda a lo largo de las posiciones",
    "blocks.pe.curves_caption": (
        "Una dimensión par es un seno y la siguiente, el coseno de la misma frecuencia. El periodo (cuántas "
        "posiciones tarda en dar una vuelta) va de 2π ≈ 6,3 en las primeras dimensiones a casi 10000·2π en "
        "las últimas."
    ),
    "blocks.pe.dot_title": "¿Por qué se parecen las posiciones cercanas?",
    "blocks.pe.dot_intro": (
        "Como $\\sin a \\sin b + \\cos a \\cos b = \\cos(a-b)$, el producto escalar de dos codificaciones "
        "solo depende de la **distancia** entre las posiciones, no de dónde estén: "
        "$PE_p\\cdot PE_q = \\sum_i \\cos\\big((p-q)\\,\\omega_i\\big)$. Es máximo cuando $p = q$ y baja al "
        "alejarse."
    ),
    "blocks.pe.p": "Posición p",
    "blocks.pe.q": "Posición q",
    "blocks.pe.dim": "Dimensión j (para la fórmula)",
    "blocks.pe.dots_title": "PE(p) · PE(q) para todos los pares",
    "blocks.pe.dot_curve_title": "PE({p}) · PE(q) según q",
    "blocks.pe.dot_product": "producto escalar",
    "blocks.pe.dot_caption": (
        "La diagonal vale d_model/2 = {half}, porque cada par seno-coseno aporta sin² + cos² = 1. Las "
        "franjas paralelas a la diagonal muestran que el parecido solo depende de q − p."
    ),
    "blocks.ffn.intro": (
        "Después de la atención, cada posición pasa por la misma red pequeña de dos capas: una capa lineal "
        "que **expande** de d_model a d_ff dimensiones (512 → 2048 en el Transformer original), una "
        "activación no lineal (**ReLU** en el original, **GELU** en BERT y DistilBERT) y otra capa lineal "
        "que **vuelve** a d_model. Se aplica a cada posición **por separado** (*position-wise*): aquí las "
        "posiciones no se mezclan, eso ya lo hizo la atención. Los pesos son aleatorios, como al empezar el "
        "entrenamiento."
    ),
    "blocks.ffn.d_model": "d_model",
    "blocks.ffn.d_ff": "d_ff (capa oculta)",
    "blocks.ffn.positions": "Posiciones n",
    "blocks.ffn.activation": "Activación",
    "blocks.ffn.repeat": "La última posición repite la primera",
    "blocks.ffn.repeat_help": (
        "La misma entrada en dos posiciones: como la FFN trata cada posición por separado y con los mismos "
        "pesos, sus salidas son idénticas."
    ),
    "blocks.ffn.shapes_caption": (
        "{params} parámetros: W₁ ({d_model}×{d_ff}), b₁ ({d_ff}), W₂ ({d_ff}×{d_model}) y b₂ ({d_model}), "
        "los mismos para todas las posiciones."
    ),
    "blocks.ffn.x_title": "Entrada X",
    "blocks.ffn.z_title": "Z = X·W₁ + b₁",
    "blocks.ffn.h_title": "H = {act}(Z)",
    "blocks.ffn.y_title": "Salida Y = H·W₂ + b₂",
    "blocks.ffn.position_wise": (
        "Aplicar la FFN posición por posición (con bucles) da la misma salida que multiplicar las matrices "
        "completas: diferencia máxima {diff} (cero salvo el redondeo de la coma flotante). Eso significa "
        "«position-wise»."
    ),
    "blocks.ffn.repeat_note": (
        "La posición 1 y la posición {last} tienen la misma entrada, y por eso la misma salida."
    ),
    "blocks.ffn.position": "Posición para la fórmula",
    "blocks.ffn.points": "valores z de {position}",
    "blocks.ffn.activation_title": "La activación sobre los valores z de esa posición",
    "blocks.ffn.activation_caption": (
        "ReLU anula los valores negativos; GELU los atenúa con suavidad: GELU(x) = x·Φ(x), con Φ la función "
        "de distribución de la normal estándar. Por ejemplo, GELU(1) ≈ 0,8413 y GELU(−1) ≈ −0,1587."
    ),
    "blocks.ln.intro": (
        "La **normalización de capa** (*layer normalization*) toma el vector de cada posición, le resta su "
        "media $\\mu$ y lo divide por su desviación típica, así que queda con media 0 y varianza 1. Después, "
        "dos parámetros aprendidos, $\\gamma$ (escala) y $\\beta$ (desplazamiento), le dan la escala que "
        "convenga; $\\varepsilon$ evita dividir por cero. Así los valores no crecen ni se encogen de capa en "
        "capa."
    ),
    "blocks.ln.vector": "Vector x",
    "blocks.ln.vector_help": (
        "Entre 2 y {max} números separados por comas o espacios (1.5, -2, 3); si usas coma decimal, "
        "sepáralos con punto y coma (1,5; -2; 3)."
    ),
    "blocks.ln.vector_what": "el vector x",
    "blocks.ln.constant": (
        "Todos los valores son iguales: la varianza es 0, no hay nada que normalizar y x̂ = 0, así que la "
        "salida es β."
    ),
    "blocks.ln.bars_title": "El vector antes y después de normalizar",
    "blocks.ln.caption": (
        "En un modelo real γ y β son vectores aprendidos, un valor por dimensión; aquí usamos el mismo para "
        "todas. Con γ = 1 y β = 0 la salida tiene media 0 y varianza 1 (algo menos de 1 si ε no es pequeño "
        "frente a σ²)."
    ),
    "blocks.res.title": "Conexión residual",
    "blocks.res.intro": (
        "Una subcapa (la atención o la FFN) no sustituye a su entrada: le **suma** su resultado, $x + F(x)$, "
        "y después se normaliza (así lo hacen el Transformer original y BERT). La entrada $x$ viaja intacta "
        "por ese atajo y la subcapa solo tiene que aprender una corrección. Sin el atajo, la salida depende "
        "solo de $F(x)$, y lo que la subcapa pierda (ReLU, por ejemplo, anula lo negativo) ya no se "
        "recupera. Además, el atajo deja pasar el gradiente directamente durante el entrenamiento. Aquí $F$ "
        "es una FFN con pesos aleatorios ($d \\to 4d \\to d$) y $\\alpha$ escala lo que aporta. Su entrada "
        "es el vector de arriba ya normalizado, **x̂** (con γ = 1 y β = 0): dentro de un transformer, cada "
        "subcapa recibe la salida normalizada de la anterior."
    ),
    "blocks.res.alpha": "α: peso de la subcapa",
    "blocks.res.alpha_help": (
        "Cuánto aporta F(x̂). Sin residual, α no cambia nada: LayerNorm borra la escala."
    ),
    "blocks.res.depth": "Capas apiladas",
    "blocks.res.with": "LayerNorm(x̂ + α·F(x̂)): con residual",
    "blocks.res.without": "LayerNorm(α·F(x̂)): sin residual",
    "blocks.res.bars_title": "Una capa, con y sin conexión residual",
    "blocks.res.cos_with": "Similitud coseno con x̂, con residual",
    "blocks.res.cos_without": "Similitud coseno con x̂, sin residual",
    "blocks.res.with_short": "con residual",
    "blocks.res.without_short": "sin residual",
    "blocks.res.depth_title": "¿Cuánto se parece la salida de la capa l a la entrada x̂?",
    "blocks.res.layer": "capa l",
    "blocks.res.cos_axis": "similitud coseno media con x̂",
    "blocks.res.depth_caption": (
        "Media de {trials} pilas de capas con pesos aleatorios. Sin residual, la información de x̂ se pierde "
        "ya en la primera capa; con residual se conserva mucho más tiempo, sobre todo si α es pequeño."
    ),
    "blocks.mha.intro": (
        "La pieza central, la **atención multi-cabeza**, tiene su propia página: allí editas Q, K y V, ves "
        "las puntuaciones, el escalado, las máscaras y los pesos, y repartes las columnas entre varias "
        "cabezas. Cada cabeza atiende con sus propias proyecciones y sus salidas se concatenan:"
    ),
    "blocks.mha.link": "Abrir el laboratorio de atención",
    # --- modelos y datos (attnviz.nlp, attnviz.ui.models) ---
    "models.storage.title": "Modelos y datos en este servidor",
    "models.storage.intro": (
        "Las páginas de modelos usan estos modelos y conjuntos de datos. Descárgalos antes de la clase para "
        "que nadie tenga que esperar: en Streamlit Community Cloud el disco se borra cuando la app se duerme."
    ),
    "models.storage.home": "Carpeta de datos (ATTNVIZ_HOME): `{path}`",
    "models.storage.models": "Modelos",
    "models.storage.datasets": "Conjuntos de datos",
    "models.storage.col_name": "Nombre",
    "models.storage.col_task": "Tarea",
    "models.storage.col_shape": "Capas × cabezas",
    "models.storage.col_size": "Descarga",
    "models.storage.col_classes": "Clases",
    "models.storage.col_status": "Estado",
    "models.storage.on_disk": "En disco",
    "models.storage.missing": "Sin descargar",
    "models.storage.local": "Carpeta local",
    "models.storage.fetch": "Descargar los predeterminados",
    "models.storage.fetch_help": "Descarga {names} (unos {mb} MB) del Hub de Hugging Face.",
    "models.storage.fetching": "Descargando {name}…",
    "models.storage.fetched_one": "{name}: descargado.",
    "models.storage.fetched": "Listo: los modelos y datos predeterminados ya están en disco.",
    "models.storage.nothing_to_fetch": "Los modelos y datos predeterminados ya están en disco.",
    "models.task.classification": "Clasificación",
    "models.task.qa": "Preguntas y respuestas",
    "models.task.base": "Modelo base (sin cabeza de tarea)",
    "models.unloaded": (
        "Para hacer sitio en la memoria del servidor se descargó: {names}. Se vuelve a cargar si alguien lo pide."
    ),
    "models.task.translation": "Traducción",
    "models.picker.label": "Modelo",
    "models.picker.details": "{layers} capas × {heads} cabezas · {status}",
    "models.picker.local_option": "{name} · carpeta local",
    "models.picker.other": "Otro (id del Hub o carpeta)…",
    "models.picker.other_label": "Id del Hub o ruta de una carpeta",
    "models.picker.other_help": (
        "Por ejemplo `distilbert-base-uncased`, `usuario/mi-modelo` o `/ruta/a/mi-modelo` "
        "(una carpeta guardada con save_pretrained)."
    ),
    "models.downloading": "Descargando {name}: {done} de {total} MB",
    "models.loading": "Cargando {name}…",
    "models.new_head": (
        "La capa de clasificación de este modelo tiene pesos aleatorios: sus predicciones no significan nada "
        "hasta ajustarlo (fine-tuning). La atención sí es la del modelo preentrenado."
    ),
    "data.picker.label": "Datos",
    "data.picker.option": "{name} · {classes} clases · {status}",
    "data.picker.upload": "Subir un archivo…",
    "data.offline_no_data": (
        "No se puede llegar al Hub de Hugging Face y no hay ningún conjunto de datos en el disco: sube un "
        "archivo etiquetado (CSV, TSV, JSONL o Parquet con una columna de texto y otra de etiqueta), o "
        "ejecuta `python -m attnviz prefetch` en una máquina con internet y copia aquí ATTNVIZ_HOME."
    ),
    "models.offline_no_model": (
        "No se puede llegar al Hub de Hugging Face y no hay ningún modelo en el disco: pon una carpeta de "
        "modelo en formato `save_pretrained` en {models}, o ejecuta `python -m attnviz prefetch` en una "
        "máquina con internet y copia aquí ATTNVIZ_HOME."
    ),
    "data.picker.upload_label": (
        "Archivo CSV, TSV, JSONL o Parquet con una columna de texto y otra de etiqueta"
    ),
    "data.picker.path": "Archivo o carpeta en el servidor…",
    "data.picker.path_label": "Ruta en el servidor",
    "data.picker.path_help": (
        "Un archivo CSV, TSV, JSONL o Parquet, o una carpeta con un archivo por clase y un ejemplo por línea "
        "(`reseñas.pos`, `reseñas.neg`)."
    ),
    "data.loading": "Cargando los datos de {name}…",
    # --- errores de modelos y datos (códigos de attnviz.nlp.errors) ---
    "nlp.error.ablation_unsupported": "Apagar cabezas no está disponible para este modelo ({architecture}).",
    "nlp.error.diverged": (
        "La pérdida dejó de ser un número en el paso {step}: "
        "el entrenamiento divergió. Baja la tasa de aprendizaje y vuelve a empezar."
    ),
    "nlp.error.too_few_examples": (
        "La parte de entrenamiento tiene {count} ejemplos, menos que un lote de {batch_size}: "
        "usa más ejemplos o un lote más pequeño."
    ),
    "nlp.error.hub_unreachable": (
        "No se pudo conectar con el Hub de Hugging Face ({endpoint}). Usa una carpeta local: un modelo "
        "guardado con save_pretrained, o uno descargado antes con `python -m attnviz prefetch` en "
        "ATTNVIZ_HOME/models."
    ),
    "nlp.error.hub_not_found": (
        "«{source}» no existe en el Hub de Hugging Face ni como carpeta en este servidor."
    ),
    "nlp.error.hub_gated": (
        "«{source}» necesita iniciar sesión en el Hub; descárgalo a una carpeta local y usa esa carpeta."
    ),
    "nlp.error.download_failed": "La descarga de «{source}» falló: {reason}",
    "nlp.error.bad_source": (
        "«{source}» no es una carpeta que exista ni un id válido del Hub (como `usuario/modelo`)."
    ),
    "nlp.error.empty_source": "Escribe el nombre de un modelo o la ruta de una carpeta.",
    "nlp.error.model_not_found": "No hay ninguna carpeta de modelo en «{source}».",
    "nlp.error.not_a_model": (
        "«{source}» no es una carpeta de modelo: necesita config.json y pesos (tf_model.h5 o "
        "model.safetensors)."
    ),
    "nlp.error.no_tokenizer": "«{source}» no trae tokenizador (vocab.txt o tokenizer.json).",
    "nlp.error.no_weights": "«{source}» no tiene pesos de TensorFlow (tf_model.h5) ni safetensors.",
    "nlp.error.bad_weights": (
        "No se pudieron leer los pesos de «{source}»: el archivo parece dañado o de otro formato."
    ),
    "nlp.error.weights_mismatch": (
        "Los pesos de «{source}» no corresponden a la arquitectura de su config.json."
    ),
    "nlp.error.over_memory_budget": (
        "Cargar este modelo necesita unos {need} MB y el servidor ya usa {used} MB de su presupuesto de {budget} MB "
        "(ATTNVIZ_MEMORY_BUDGET_MB): no se carga. Espera a que termine el entrenamiento en curso o elige un modelo "
        "más pequeño."
    ),
    "nlp.error.not_a_translator": "«{source}» es un modelo {architecture}, no un traductor (Marian o T5).",
    "nlp.error.unsupported_architecture": (
        "La arquitectura «{architecture}» no está disponible para esta tarea en TensorFlow."
    ),
    "nlp.error.bad_labels": "El número de clases no es válido ({count}).",
    "nlp.error.empty_text": "El texto está vacío: escribe algo.",
    "nlp.error.bad_length": "La longitud máxima debe ser de al menos 2 tokens.",
    "nlp.error.data_not_found": "No hay ningún archivo ni carpeta de datos en «{source}».",
    "nlp.error.no_data_files": (
        "«{source}» no tiene archivos de datos utilizables (parquet de entrenamiento)."
    ),
    "nlp.error.unknown_format": (
        "«{filename}»: tipo de archivo desconocido; usa .csv, .tsv, .jsonl o .parquet."
    ),
    "nlp.error.file_too_large": "«{filename}» ocupa {size_mb} MB y el límite es {limit_mb} MB.",
    "nlp.error.empty_file": "«{filename}» está vacío o no tiene ejemplos con texto.",
    "nlp.error.bad_encoding": "«{filename}» no está en UTF-8: guárdalo como UTF-8 y vuelve a intentarlo.",
    "nlp.error.unreadable_file": "No se pudo leer «{filename}»: {reason}",
    "nlp.error.missing_columns": (
        "«{filename}» no tiene la columna «{column}» (columnas: {available}). Necesita una columna de texto "
        "(text) y otra de etiqueta (label)."
    ),
    "nlp.error.missing_label": "«{filename}»: el ejemplo {row} tiene texto pero no etiqueta.",
    "nlp.error.one_class": (
        "«{filename}» solo tiene una clase («{label}»): para clasificar hacen falta al menos dos."
    ),
    # --- mapas de atención (página de heatmaps) ---
    "nav.heatmaps": "Mapas de atención",
    "home.heatmaps": (
        "Escribe un texto y mira qué mira cada cabeza de cada capa del modelo ajustado (o del preentrenado, "
        "lado a lado): la predicción, todas las cabezas de un vistazo, métricas por cabeza, rollout hacia "
        "[CLS], qué cambió el ajuste fino y qué pasa si apagas cabezas."
    ),
    "heatmaps.title": "Mapas de atención",
    "heatmaps.intro": (
        "Cada capa del transformer tiene varias **cabezas**, y cada una reparte la atención de cada token "
        "entre todos los demás: una matriz de pesos que suman 1 por fila. Aquí ves esas matrices para tu "
        "texto, tal como las calculó el modelo, y la predicción que salió de ellas."
    ),
    "heatmaps.mode": "Modelo",
    "heatmaps.mode.run": "Ajustado",
    "heatmaps.mode.pretrained": "Preentrenado",
    "heatmaps.mode.both": "Ambos, lado a lado",
    "heatmaps.run": "Ejecución guardada (ajuste fino)",
    "heatmaps.no_runs": (
        "Aún no hay ejecuciones de ajuste fino terminadas: lanza una rápida en la página de ajuste fino o "
        "importa el zip de una ejecución. Mientras tanto puedes mirar el modelo preentrenado."
    ),
    "heatmaps.pretrained": "Modelo preentrenado",
    "heatmaps.finetuned_name": "Ajustado ({name})",
    "heatmaps.pretrained_name": "Preentrenado ({name})",
    "heatmaps.pick_pretrained": "Elige un modelo preentrenado.",
    "heatmaps.no_model": (
        "No hay ningún modelo disponible: el Hub de Hugging Face no responde y no hay ejecuciones guardadas "
        "ni carpetas de modelo en este servidor. Para tener uno, lanza una ejecución rápida en la página de "
        "ajuste fino, importa el zip de una ejecución (quedará en `{runs}`) o copia una carpeta guardada con "
        "`save_pretrained` en `{models}`."
    ),
    "heatmaps.examples": "Ejemplos",
    "heatmaps.example.1": "La película fue maravillosa y los actores estuvieron geniales.",
    "heatmaps.example.2": "Un guion aburrido y previsible: no la recomiendo.",
    "heatmaps.example.3": "No estuvo mal, pero el final me decepcionó.",
    "heatmaps.example.4": "The movie was wonderful, and the actors were great.",
    "heatmaps.example.5": "A boring, predictable plot. I would not recommend it.",
    "heatmaps.text": "Texto",
    "heatmaps.text_help": (
        "Pulsa Ctrl+Intro (o haz clic fuera) para analizarlo. El modelo del curso se ajustó con reseñas en "
        "inglés (IMDB): entiende mejor el inglés, pero puedes probar cualquier idioma."
    ),
    "heatmaps.empty_text": "Escribe un texto (o elige un ejemplo) para ver su atención.",
    "heatmaps.waiting_long": "Otro texto largo se está analizando en el servidor; el tuyo va después…",
    "heatmaps.busy_long": (
        "El servidor está ocupado con otros textos largos. Vuelve a intentarlo en un minuto, o elige un límite "
        "de {tokens} tokens o menos (el texto sigue en el cuadro)."
    ),
    "heatmaps.huge_text": (
        "El texto tiene {chars} caracteres y el máximo es {limit}: acórtalo (sigue en el cuadro) y vuelve a "
        "intentarlo."
    ),
    "heatmaps.hide_special": "Ocultar [CLS]/[SEP]",
    "heatmaps.hide_special_help": (
        "Quita [CLS], [SEP] y el relleno de filas y columnas y vuelve a normalizar cada fila para que sume "
        "1: muestra cómo reparte cada token la atención que no da a los tokens especiales."
    ),
    "heatmaps.merge": "Unir subpalabras",
    "heatmaps.merge_help": (
        "Une los trozos de una palabra (como «pel», «##ícula») en una sola: la atención *hacia* la palabra "
        "es la suma de la de sus trozos y la atención *desde* la palabra, su media (Clark et al., 2019)."
    ),
    "heatmaps.average": "Promediar",
    "heatmaps.average.none": "Nada",
    "heatmaps.average.heads": "Cabezas",
    "heatmaps.average.layers": "Capas",
    "heatmaps.limit": "Máximo de tokens",
    "heatmaps.limit_help": (
        "Se analizan como mucho estos tokens del principio del texto (el modelo admite hasta {max}). "
        "Menos tokens: mapas más legibles y respuesta más rápida."
    ),
    "heatmaps.cut_model": (
        "El texto tiene {total} tokens y el modelo admite {max}: se cortaron los últimos {cut}. "
        "Se analizan los primeros {kept} (abajo, la parte usada)."
    ),
    "heatmaps.cut_limit": (
        "El texto tiene {total} tokens: se analizan los primeros {kept} y se cortaron {cut} "
        "(límite elegido: {limit}; el modelo admite {max}, súbelo en «Máximo de tokens»)."
    ),
    "heatmaps.used_part": "Parte del texto analizada",
    "heatmaps.unnamed_labels": (
        "Este modelo no da nombre a sus {count} clases: LABEL_0, LABEL_1… son solo sus salidas 0, 1…, sin "
        "significado hasta que se ajuste con datos etiquetados (sus nombres vienen de esos datos)."
    ),
    "heatmaps.prediction": "{model}: **{label}** ({p} %)",
    "heatmaps.class": "Clase",
    "heatmaps.probability": "Probabilidad",
    "heatmaps.model_view": "Todas las capas y cabezas",
    "heatmaps.model_view_about": (
        "Cada cuadro es una cabeza: filas = el token que mira, columnas = el token mirado; más oscuro, más "
        "peso. Haz clic en un cuadro para abrirlo en grande."
    ),
    "heatmaps.layer": "Capa",
    "heatmaps.head": "Cabeza",
    "heatmaps.avg": "media",
    "heatmaps.avg_layers": "Media de las capas",
    "heatmaps.avg_heads": "Media de las cabezas",
    "heatmaps.pick_hint": (
        "O haz clic en una cabeza de la cuadrícula (también en las métricas y en la comparación)."
    ),
    "heatmaps.click_hint": "clic: abrir esta cabeza",
    "heatmaps.click_open": "clic: abrir esta cabeza arriba",
    "heatmaps.pooled": (
        "Texto largo: cada cuadro se reduce a {cells} × {cells} celdas (media por bloques); la cabeza "
        "elegida se ve entera."
    ),
    "heatmaps.chosen_head": "La cabeza elegida",
    "heatmaps.keys": "token mirado (clave)",
    "heatmaps.queries": "token que mira (consulta)",
    "heatmaps.nothing_left": (
        "Sin tokens especiales no queda nada que mostrar: el texto solo tiene tokens especiales."
    ),
    "heatmaps.head_view": "Vista de cabeza: líneas de cada token a los que mira",
    "heatmaps.head_view_heads": "Cabezas",
    "heatmaps.head_view.one": "La elegida",
    "heatmaps.head_view.layer": "Todas las de la capa",
    "heatmaps.head_view_hint": "Pasa el ratón por un token para ver solo sus líneas; haz clic para fijarlo.",
    "heatmaps.head_view_too_long": (
        "Con más de {max} tokens las líneas no se distinguen: baja el «Máximo de tokens» para ver la vista "
        "de cabeza."
    ),
    "heatmaps.tab.metrics": "Métricas por cabeza",
    "heatmaps.tab.rollout": "Rollout hacia [CLS]",
    "heatmaps.tab.compare": "Ajustado vs. preentrenado",
    "heatmaps.tab.ablation": "Apagar cabezas",
    "heatmaps.tab.export": "Exportar",
    "classmap.title": "Cómo coloca el modelo los ejemplos",
    "classmap.intro": (
        "Cada punto es un texto de validación de esta ejecución: su vector [CLS] de la última capa (lo que lee el "
        "clasificador), proyectado a 2-D. A la izquierda, el modelo antes del ajuste fino; a la derecha, después: "
        "las clases se separan."
    ),
    "classmap.no_data": (
        "Los datos de esta ejecución no están en este servidor (una subida, o una ruta de otra máquina): "
        "no se pueden colocar sus ejemplos."
    ),
    "classmap.count": "Ejemplos de validación",
    "classmap.count_help": "Como mucho {max}: cada texto pasa una vez por cada modelo, y se guarda en disco.",
    "classmap.compute": "Colocar los ejemplos",
    "classmap.cost": "Pasa cada texto por los dos modelos una vez (unos segundos por cada 100 en un portátil).",
    "classmap.before": "Antes del ajuste fino",
    "classmap.after": "Después del ajuste fino",
    "classmap.computing": "{model}: {done} de {total} textos…",
    "classmap.busy": "El servidor está ocupado con otro cálculo largo: vuelve a intentarlo en un minuto.",
    "classmap.separated": (
        "El {share} % de los puntos está más cerca del centro de su clase que del de otra (al azar: {chance} %)."
    ),
    "classmap.caption": (
        "Componentes principales (PCA) de cada modelo por separado. Pasa el ratón por un punto para leer su texto."
    ),
    "classmap.no_base": "El modelo de partida ({model}) no está en este servidor: solo se muestra el ajustado.",
    "heatmaps.tab.inside": "Dentro de la cabeza",
    "heatmaps.tab.layers": "Capas: qué hacen con las palabras",
    "inside.intro": (
        "Los números que la cabeza elegida arriba calcula de verdad: su vector de consulta q para una palabra, las "
        "claves k y los valores v de todas, y la misma fórmula que en el laboratorio. El resultado coincide con la "
        "fila de atención que devuelve el modelo."
    ),
    "inside.first_model": "Se muestra el primer modelo: {name}.",
    "inside.computing": "Calculando los estados ocultos de cada capa…",
    "inside.tokens_differ": (
        "El texto no se dividió en los mismos tokens dos veces, así que no se pueden comparar: prueba con otro texto."
    ),
    "inside.query": "Palabra que pregunta (la consulta q)",
    "inside.where": (
        "Capa {layer} · Cabeza {head}: cada vector tiene d = {d} números; hay {n} tokens. "
        "Cambia la capa o la cabeza con los selectores de arriba."
    ),
    "inside.q_title": "q de «{token}»",
    "inside.k_title": "Claves k de cada token (recuadro: la que recibe más peso)",
    "inside.v_title": "Valores v de cada token",
    "inside.dims_axis": "dimensión",
    "inside.strips_caption": (
        "Rojo: positivo; azul: negativo. Pasa el ratón por una celda para ver su número. Son x·W + b: el estado "
        "oculto que entra en la capa, por las matrices de consulta, clave y valor de esta cabeza."
    ),
    "inside.formula_intro": "**La fórmula, con los números del modelo** (los de las tres claves con más peso):",
    "inside.formula_caption": (
        "Solo se escriben los {shown} primeros términos de cada producto escalar; la suma es de los {d}."
    ),
    "inside.check_title": "Pesos de «{token}»: calculados aquí (barras) y devueltos por el modelo (rombos)",
    "inside.recomputed": "calculado con la fórmula",
    "inside.model": "el modelo",
    "inside.check": "Diferencia máxima entre los dos: {difference} (redondeo de 32 bits).",
    "inside.table.token": "Token",
    "inside.table.score": "q·k",
    "inside.table.scaled": "q·k / √d",
    "inside.table.weight": "Peso (fórmula)",
    "inside.table.model": "Peso (modelo)",
    "inside.context_title": "Vector de contexto c de «{token}» (la suma de los v con sus pesos)",
    "inside.copy_title": "Editar una copia en el laboratorio",
    "inside.copy_dims": "Qué dimensiones conservar",
    "inside.copy_dims.top": "las {n} que más aportan",
    "inside.copy_dims.first": "las {n} primeras",
    "inside.copy_about": (
        "El laboratorio admite 8 filas y 8 columnas: la copia conserva las {keys} claves con más peso ({kept}; "
        "reciben el {weight} % del peso) y {dims} de las {d} dimensiones (llevan el {share} % de los términos "
        "|q·k|). La temperatura {temperature} compensa la escala: el laboratorio divide por √8 y el modelo por "
        "√{d}. Por eso los pesos de la copia se parecen a los del modelo, sin ser iguales."
    ),
    "inside.copy_about_unscaled": (
        "El laboratorio admite 8 filas y 8 columnas: la copia conserva las {keys} claves con más peso ({kept}; "
        "reciben el {weight} % del peso) y {dims} de las {d} dimensiones (llevan el {share} % de los términos "
        "|q·k|). Este modelo no divide las puntuaciones entre √d_k, así que la copia abre el laboratorio sin esa "
        "escala. Por eso los pesos de la copia se parecen a los del modelo, sin ser iguales."
    ),
    "inside.copy_open": "Abrir la copia en el laboratorio",
    "layers.intro": (
        "Cada punto es el estado oculto de un token a la salida de una capa (la primera, las incrustaciones), "
        "proyectado a 2-D con los mismos ejes para todas las capas: la línea de un token es su camino por el "
        "modelo. Prueba con «I sat on the bank of the river, then went to the bank to open an account.»: "
        "las dos «bank» empiezan en el mismo punto y se separan capa a capa."
    ),
    "layers.hide_special": "Ocultar [CLS] y [SEP] (dominan los ejes)",
    "layers.highlight": "Resaltar tokens",
    "layers.embeddings": "incrustaciones",
    "layers.layer_n": "capa {n}",
    "layers.title": "El camino de cada token por las capas",
    "layers.axis": "eje {n} ({share} % de la varianza)",
    "layers.caption": (
        "Componentes principales (PCA) de todos los puntos a la vez. Cada capa se centra y se escala antes: "
        "así se ve cómo se colocan los tokens unos respecto de otros, no la deriva de toda la capa."
    ),
    "layers.csv": "Descargar las coordenadas (CSV)",
    "nlp.error.inside_unsupported": "No se pueden abrir las capas de este modelo aquí.",
    "nlp.error.bad_layer": "Esa capa no existe en este modelo.",
    "nlp.error.bad_head": "Esa cabeza no existe en este modelo.",
    "heatmaps.metrics_intro": (
        "Un número por cabeza, como en Clark et al. (2019), «What Does BERT Look At?»: cuánto mira cada "
        "cabeza a [CLS], a [SEP], a la puntuación o al token vecino, y cuán concentrada está su atención. "
        "Haz clic en una celda para abrir esa cabeza arriba."
    ),
    "heatmaps.metric": "Métrica",
    "heatmaps.metric.entropy": "Entropía",
    "heatmaps.metric.entropy.about": (
        "Entropía media de cada fila, en nats: 0 = cada token mira a uno solo; ln(T) = reparte por igual "
        "entre los T tokens."
    ),
    "heatmaps.metric.cls": "Atención a [CLS]",
    "heatmaps.metric.cls.about": (
        "Fracción media de la atención que va a [CLS] (el token que ve el clasificador)."
    ),
    "heatmaps.metric.sep": "Atención a [SEP]",
    "heatmaps.metric.sep.about": (
        "Fracción media que va a [SEP]. Clark et al. vieron que muchas cabezas miran a [SEP] cuando «no "
        "tienen nada que hacer»."
    ),
    "heatmaps.metric.punct": "Atención a la puntuación",
    "heatmaps.metric.punct.about": "Fracción media que va a signos de puntuación (. , ! ? …).",
    "heatmaps.metric.previous": "Al token anterior",
    "heatmaps.metric.previous.about": (
        "Fracción media que va al token justo anterior: cabezas «posicionales»."
    ),
    "heatmaps.metric.same": "Al propio token",
    "heatmaps.metric.same.about": "Fracción media que cada token se da a sí mismo.",
    "heatmaps.metric.next": "Al token siguiente",
    "heatmaps.metric.next.about": "Fracción media que va al token justo siguiente.",
    "heatmaps.metric.max_weight": "Peso máximo",
    "heatmaps.metric.max_weight.about": (
        "Media del mayor peso de cada fila: 1 = atención en un solo token; 1/T = uniforme."
    ),
    "heatmaps.metric_top": "Valor más alto: capa {layer}, cabeza {head} ({value}).",
    "heatmaps.rollout_intro": (
        "Una capa solo dice cómo mezcla *sus* entradas, que ya son mezclas. El **rollout** (Abnar y Zuidema, "
        "2020) multiplica la atención de todas las capas (media de cabezas, más la conexión residual) y "
        "estima cuánto de cada token de entrada llega a [CLS] arriba del todo, que es lo que usa el "
        "clasificador. Los tokens especiales van en gris."
    ),
    "heatmaps.rollout_axis": "parte que llega a [CLS]",
    "heatmaps.rollout_top": "El token de texto que más llega a [CLS]: «{token}» ({value} %).",
    "heatmaps.compare_intro": (
        "El mismo texto por los dos modelos: ¿qué cabezas cambió el ajuste fino? Para cada cabeza se mide la "
        "divergencia de Jensen-Shannon entre las filas de atención de ambos modelos (0 = igual, 1 = nada en "
        "común), en promedio sobre los tokens."
    ),
    "heatmaps.compare_needs_both": (
        "Elige «Ambos, lado a lado» arriba para comparar el modelo ajustado con el preentrenado."
    ),
    "heatmaps.compare_needs_run": (
        "Para comparar hace falta un modelo ajustado: lanza una ejecución rápida en la página de ajuste fino "
        "o importa el zip de una ejecución."
    ),
    "heatmaps.compare_tokens_differ": (
        "Los dos modelos parten el texto en tokens distintos (otro tokenizador), así que sus mapas no se "
        "pueden restar celda a celda. Compara con el modelo del que partió la ejecución."
    ),
    "heatmaps.compare_shapes_differ": (
        "Los dos modelos tienen distinto número de capas × cabezas ({a} y {b}): no se pueden comparar cabeza "
        "a cabeza. Compara con el modelo del que partió la ejecución."
    ),
    "heatmaps.js": "divergencia JS",
    "heatmaps.change_grid": "Cuánto cambió cada cabeza",
    "heatmaps.change_top": "Las cabezas que más cambiaron",
    "heatmaps.compare_explain": (
        "La cabeza que más cambió es la **{head} de la capa {layer}** (divergencia {value}; media de todas: "
        "{mean}). El ajuste fino suele tocar sobre todo las capas altas, las más cercanas al clasificador: "
        "allí las cabezas aprenden a mirar las palabras que deciden la clase; las capas bajas, que codifican "
        "sintaxis y posición, cambian poco. Un cambio grande no significa que la cabeza sea importante: para "
        "eso, apágala en la pestaña «Apagar cabezas» y mira si cambia la predicción."
    ),
    "heatmaps.diff_intro": (
        "Diferencia en la cabeza elegida (ajustado − preentrenado): rojo = el ajuste fino le dio más peso, "
        "azul = menos."
    ),
    "heatmaps.diff_title": "Ajustado − preentrenado · {head}",
    "heatmaps.ablation_intro": (
        "Apaga cabezas y mira cómo cambia la predicción. Apagar una cabeza pone a cero su salida antes de la "
        "proyección de salida de la atención (su parte de la entrada de la capa `out_lin` / "
        "`attention.output.dense`): las demás cabezas siguen igual. Los pesos del modelo no se tocan."
    ),
    "heatmaps.ablate": "Cabezas apagadas en {model}",
    "heatmaps.ablate_placeholder": "Elige cabezas…",
    "heatmaps.head_short": "Capa {layer} · Cabeza {head}",
    "heatmaps.ablate_click": "Clic: apagar o encender esta cabeza",
    "heatmaps.ablate_off": "apagada (1) o encendida (0): ",
    "heatmaps.ablate_grid": "Cabezas de {model}: haz clic para apagarlas",
    "heatmaps.ablate_clear": "Ninguna apagada",
    "heatmaps.ablate_list": "Lista de cabezas apagadas",
    "heatmaps.ablate_add": "Apagar capa {layer} · cabeza {head}",
    "heatmaps.ablate_none": "Ninguna cabeza apagada: la predicción es la de arriba.",
    "heatmaps.ablate_running": "Calculando sin esas cabezas…",
    "heatmaps.ablate_unsupported": "Apagar cabezas aún no está disponible para modelos «{architecture}».",
    "heatmaps.before": "Antes",
    "heatmaps.after": "Sin esas cabezas",
    "heatmaps.change": "Cambio (puntos)",
    "heatmaps.ablate_flipped": (
        "Con {count} cabeza(s) apagada(s) la predicción **cambia**: de **{before}** a **{after}** "
        "(la probabilidad de {before} pasa de {p_before} % a {p_after} %)."
    ),
    "heatmaps.ablate_same": (
        "Con {count} cabeza(s) apagada(s) la predicción sigue siendo **{after}**; la probabilidad de "
        "{before} pasa de {p_before} % a {p_after} %."
    ),
    "heatmaps.export_intro": (
        "Descarga lo que ves (con las opciones de arriba): las figuras como HTML interactivo, que se abre "
        "sin conexión, y la atención como CSV (una fila por capa, cabeza, token origen y token destino, "
        "contando desde 1) o JSON."
    ),
    "heatmaps.export_model_html": "Todas las cabezas (HTML)",
    "heatmaps.export_head_html": "Cabeza elegida (HTML)",
    "heatmaps.export_png": (
        "¿Una imagen PNG? Usa el icono de la cámara en la barra de herramientas de cada gráfico."
    ),
    # --- ajuste fino (fine-tuning) ---
    "nav.fine_tuning": "Ajuste fino en vivo",
    "home.fine_tuning": (
        "Entrena de verdad un transformer (DistilBERT con IMDB, como en el curso, con `model.compile` y "
        "`model.fit`) y míralo aprender paso a paso: pérdida y exactitud en vivo, pausa, avanza lote a lote, "
        "evalúa, y observa cómo cambia la atención de unas frases de prueba mientras aprende."
    ),
    "ft.title": "Ajuste fino en vivo",
    "ft.intro": (
        "Aquí se ajusta un modelo preentrenado a una tarea de clasificación, como en el cuaderno del curso, "
        "pero a la vista: cada paso es un lote de ejemplos, una pasada hacia delante, la pérdida y una "
        "actualización de los pesos. Puedes pausar, avanzar un lote cada vez, evaluar cuando quieras y ver "
        "cómo cambia la atención de unas frases de prueba. Las ejecuciones se guardan y se pueden repetir "
        "sin volver a entrenar."
    ),
    "ft.course_code_title": "El código del curso que se ejecuta aquí",
    "ft.course_code_intro": (
        "El entrenamiento es el `model.fit` de Keras del curso. Las diferencias: cada lote se rellena solo "
        "hasta su texto más largo (no hasta 512), la tasa de aprendizaje sube al principio y luego baja, "
        "y unos *callbacks* registran las métricas, las frases de prueba y los controles de pausa."
    ),
    "ft.no_runs": (
        "Todavía no hay ninguna ejecución. Empieza un entrenamiento rápido con los valores por defecto "
        "(abajo, «Nuevo entrenamiento»), o importa un zip de una ejecución preparada antes de clase "
        "(abajo, «Importar una ejecución»)."
    ),
    "ft.new_run": "Nuevo entrenamiento",
    "ft.show_run": "Ejecución que se muestra",
    "ft.run_option": "{name} · {state} · paso {steps}",
    "ft.run_title": "{name}: {state}",
    "ft.run_summary": (
        "Modelo: {model} · datos: {data} · longitud máx.: {length} · lote: {batch} · capas: {layers} · "
        "tasa de aprendizaje: {lr}"
    ),
    "ft.scratch_of": "{arch} desde cero (tokenizador de {tokenizer})",
    "ft.run_gone": "Esta ejecución ya no existe (se borró).",
    "ft.yours": "Esta ejecución es tuya: puedes controlarla (el enlace de esta página guarda tu permiso).",
    "ft.state.queued": "en cola",
    "ft.state.preparing": "preparando",
    "ft.state.training": "entrenando",
    "ft.state.stopping": "parando",
    "ft.state.evaluating": "evaluando",
    "ft.state.running": "entrenando",
    "ft.state.paused": "en pausa",
    "ft.state.finished": "terminada",
    "ft.state.stopped": "detenida",
    "ft.state.failed": "con error",
    "ft.state.interrupted": "interrumpida",
    "ft.phase.threads": "Preparando TensorFlow…",
    "ft.phase.data": "Cargando los datos…",
    "ft.phase.model": "Cargando el modelo…",
    "ft.phase.tokenize": "Tokenizando los textos: {done} de {total}…",
    "ft.phase.graph": (
        "Preparando el grafo: TensorFlow traza el paso de entrenamiento la primera vez que lo ejecuta "
        "({seconds} s hasta ahora; suele tardar {expected} s en esta máquina). Las siguientes ejecuciones "
        "con los mismos ajustes empiezan al momento."
    ),
    "ft.phase.probes": "Preparando las frases de prueba…",
    "ft.phase.validate": "Midiendo la validación antes de empezar…",
    "ft.phase.train": "Entrenando…",
    "ft.phase.save": "Guardando el modelo…",
    "ft.phase.evaluate": "Evaluando en el conjunto de prueba…",
    "ft.my_queued": (
        "Tu ejecución «{name}» está en cola (puesto {position}): empezará cuando termine la que ves aquí."
    ),
    "ft.queued": "En cola: puesto {position}. Empezará cuando termine el entrenamiento en curso.",
    "ft.queued_behind_translator": (
        "Ahora se entrena el traductor de la página de traducción: la cola sigue cuando termine (unos 70 s)."
    ),
    "ft.failed": (
        "El entrenamiento se detuvo por un error: {reason} Las métricas y el último punto de control se "
        "conservan."
    ),
    "ft.interrupted": (
        "Esta ejecución se interrumpió (el servidor se reinició o el proceso terminó). Sus métricas y su "
        "último punto de control se conservan; para continuar, empieza una nueva."
    ),
    "ft.stopped": "Detenida antes del final. El modelo guardado es el del último paso.",
    "ft.finished": "Terminada. El modelo está guardado y la página de mapas de atención puede usarlo.",
    "ft.note.max_length": "La longitud máxima se redujo a {limit} tokens: el modelo no lee más.",
    "ft.waiting_first_step": "Esperando el primer paso.",
    "ft.prepare.ready": (
        "Listo: el grafo de entrenamiento de estos ajustes está preparado y el primer paso llega nada más "
        "empezar."
    ),
    "ft.prepare.preparing": (
        "Preparando en segundo plano el grafo de entrenamiento de estos ajustes (10-20 s), para que la "
        "ejecución empiece al momento…"
    ),
    "ft.progress": (
        "Paso {step} de {total} · época {epoch} · tiempo {elapsed} · quedan ~{eta} · {speed} ejemplos/s"
    ),
    "ft.progress_done": (
        "Paso {step} de {total} · época {epoch} · tiempo de entrenamiento {elapsed} · {speed} ejemplos/s"
    ),
    "ft.controls_locked": "Solo el profesor puede controlar los entrenamientos.",
    "ft.controls_not_owner": "La controla quien la inició (o el profesor). Tú puedes mirar.",
    "ft.pause": "Pausar",
    "ft.resume": "Continuar",
    "ft.step_one": "Un paso",
    "ft.step_help": "Entrena un solo lote y vuelve a pausar; las frases de prueba se miden tras cada paso.",
    "ft.step_n_label": "Pasos",
    "ft.step_n": "{n} pasos",
    "ft.stop": "Detener",
    "ft.stop_help": "Termina tras el lote actual, guarda el modelo y lo evalúa.",
    "ft.skip_evaluation": "Saltar la evaluación",
    "ft.skip_evaluation_help": (
        "Se está deteniendo: termina ya, sin la evaluación final en el conjunto de prueba."
    ),
    "ft.evaluate_now": "Evaluar ahora",
    "ft.evaluate_help": "Mide la validación y evalúa en el conjunto de prueba con el modelo tal como está.",
    "ft.stopping": "Deteniendo: se guarda el modelo y se evalúa…",
    "ft.evaluating": "Evaluando…",
    "ft.chart.title": "Cómo aprende: métricas de cada paso",
    "ft.chart.loss": "Pérdida (entropía cruzada)",
    "ft.chart.accuracy": "Exactitud",
    "ft.chart.lr": "Tasa de aprendizaje",
    "ft.chart.speed": "Ejemplos por segundo",
    "ft.chart.raw": "cada lote",
    "ft.chart.smoothed": "suavizada",
    "ft.chart.validation": "validación",
    "ft.chart.test": "prueba",
    "ft.chart.step": "paso",
    "ft.probes.title": "La atención mientras aprende",
    "ft.probes.intro": (
        "Las frases de prueba pasan por el modelo cada pocos pasos. Mueve el deslizador por el "
        "entrenamiento y mira, para la capa y la cabeza elegidas, adónde mira cada token y cómo cambia "
        "la predicción. Las capas que se entrenan cambian; las congeladas se quedan igual."
    ),
    "ft.probes.none": "Esta ejecución no tiene frases de prueba.",
    "ft.probes.waiting": "Las frases de prueba aparecerán en cuanto el modelo esté listo.",
    "ft.probes.sentence": "Frase de prueba",
    "ft.probes.layer": "Capa",
    "ft.probes.head": "Cabeza",
    "ft.probes.mean": "media de las cabezas",
    "ft.probes.head_n": "cabeza {n}",
    "ft.probes.follow": "Seguir el entrenamiento (mostrar el último paso)",
    "ft.probes.step": "Paso del entrenamiento",
    "ft.probes.step_help": "Cada marca es una foto de la atención tomada durante el entrenamiento.",
    "ft.probes.one_snapshot": "Por ahora hay una sola foto (paso {step}).",
    "ft.probes.unreadable": "No se pudo leer esta foto de la atención.",
    "ft.probes.prediction": (
        "En el paso **{step}** el modelo dice **{label}** con probabilidad {probability}."
    ),
    "ft.probes.heatmap": "Atención en el paso {step} (capa {layer}, {head})",
    "ft.probes.delta": "Cambio desde el paso {first} (rojo: más atención, azul: menos)",
    "ft.probes.keys": "mira a (claves)",
    "ft.probes.queries": "token (consultas)",
    "ft.probes.prediction_title": "La predicción de la frase durante el entrenamiento",
    "ft.probes.probability": "probabilidad",
    "ft.probes.cls_title": "Adónde mira {token} en cada paso (capa {layer}, {head})",
    "ft.probes.change_title": "Cuánto cambió cada cabeza entre el paso {first} y el {step}",
    "ft.probes.open_inside": "Ver esta cabeza por dentro (mapas de atención)",
    "ft.probes.open_inside_help": (
        "Abre el modelo ya entrenado con esta frase, capa y cabeza; en la pestaña «Dentro de la cabeza» "
        "están sus q, k y v."
    ),
    "ft.probes.change_help": (
        "0 = la cabeza reparte la atención igual que al principio; 1 = mira a otros tokens por completo "
        "(media sobre los tokens de la mitad de la distancia L1 entre filas)."
    ),
    "ft.eval.title": "Evaluación en el conjunto de prueba (paso {step}, {count} ejemplos)",
    "ft.eval.accuracy": "Exactitud",
    "ft.eval.macro_f1": "F1 macro",
    "ft.eval.loss": "Pérdida",
    "ft.eval.class": "Clase",
    "ft.eval.precision": "Precisión",
    "ft.eval.recall": "Exhaustividad",
    "ft.eval.f1": "F1",
    "ft.eval.support": "Ejemplos",
    "ft.eval.confusion": "Matriz de confusión",
    "ft.eval.true": "Real",
    "ft.eval.predicted": "Predicha",
    "ft.eval.examples": "Ejemplos de prueba, los peores errores primero",
    "ft.eval.text": "Texto",
    "ft.eval.probability": "Probabilidad",
    "ft.eval.ok": "¿Bien?",
    "ft.source": "Punto de partida",
    "ft.source.pretrained": "Modelo preentrenado",
    "ft.source.scratch": "Desde cero (pesos aleatorios)",
    "ft.model": "Modelo",
    "ft.tokenizer_from": "Tokenizador de",
    "ft.arch": "Arquitectura",
    "ft.scratch_layers": "Capas",
    "ft.scratch_help": (
        "Desde cero el modelo no sabe nada del idioma: aprende mucho más despacio que uno preentrenado. "
        "Sirve para comparar."
    ),
    "ft.data": "Datos",
    "ft.train_size_help": (
        "Cuántos ejemplos de entrenamiento se toman (una muestra estratificada con la semilla)."
    ),
    "ft.classes_from_data": "El número de clases y sus nombres se toman de los datos (dos o más).",
    "ft.max_length_help": (
        "Los textos más largos se cortan a esta longitud en tokens (los cortos no se rellenan hasta ella: "
        "cada lote solo hasta su texto más largo). El coste crece con ella; el curso usa 512, que en una CPU "
        "es varias veces más lento."
    ),
    "ft.truncation.head_tail": "principio y final",
    "ft.truncation.head": "solo el principio",
    "ft.truncation_help": (
        "Qué conserva un texto más largo: un cuarto del espacio para su principio y tres cuartos para su "
        "final (una crítica suele decir lo que piensa al final), o solo el principio, como hace el "
        "tokenizador del curso."
    ),
    "ft.head_factor_help": (
        "El clasificador nuevo empieza con pesos aleatorios y aprende tantas veces más rápido que las capas "
        "preentrenadas (con 1, como en el curso, la pérdida no se mueve en las primeras decenas de pasos)."
    ),
    "ft.keep_dropout": "Mantener el dropout del modelo",
    "ft.keep_dropout_help": (
        "El dropout apaga unidades al azar mientras entrena, contra el sobreajuste. En una ejecución de "
        "pocos minutos solo frena el aprendizaje, así que está apagado salvo que lo mantengas."
    ),
    "ft.group_by_length": "Lotes de longitudes parecidas",
    "ft.group_by_length_help": (
        "Los textos de longitud parecida comparten lote, así que los lotes llevan poco relleno: los mismos "
        "ejemplos en menos tiempo. El orden de los lotes sigue siendo aleatorio."
    ),
    "ft.length_mode": "Duración",
    "ft.layers.all": "Todas",
    "ft.layers.top": "Las de arriba",
    "ft.layers.classifier": "Solo el clasificador",
    "ft.layers_help": (
        "Entrenar solo las capas de arriba (y el clasificador) es mucho más rápido y necesita menos "
        "memoria; las de abajo conservan lo que el modelo ya sabía."
    ),
    "ft.top_k": "Cuántas capas",
    "ft.top_k_lowered": "El modelo tiene {layers} capas: se entrenan las {layers}.",
    "ft.probes_help": (
        "Una frase por línea (hasta 4). Se mide su atención cada pocos pasos. Las frases por defecto están "
        "en el idioma de los datos (IMDB está en inglés): es el idioma que aprende el modelo."
    ),
    "ft.probes_reset": "Frases por defecto",
    "ft.advanced": "Opciones avanzadas",
    "ft.checkpoint_help": (
        "Guarda el modelo cada tantos pasos (0: solo al final, al detener o ante un error)."
    ),
    "ft.jit": "Compilar con XLA (jit_compile)",
    "ft.jit_help": (
        "XLA compila el paso de entrenamiento para la CPU. Al principio tarda (medio minuto o más por "
        "cada longitud de lote) y usa más memoria; en ejecuciones largas puede ir más rápido."
    ),
    "ft.run_name": "Nombre de la ejecución",
    "ft.run_name_placeholder": "(automático: modelo-datos-fecha)",
    "ft.choose_data": "Elige los datos (o sube un archivo) para poder empezar.",
    "ft.estimate": (
        "Estimación: ~{time} en total ({steps} pasos de ~{step} s) · memoria máxima ~{memory} MB de "
        "{budget} MB · se entrenan {trainable} M de {total} M parámetros"
    ),
    "ft.estimate_unknown": "No se puede estimar el coste hasta que el modelo esté en disco.",
    "ft.long_run": "Ojo: esta ejecución tardaría unos {time}.",
    "ft.will_queue": "Ya hay un entrenamiento en curso: el tuyo quedará en cola (puesto {position}).",
    "ft.start": "Empezar a entrenar",
    "ft.field.model": "Modelo",
    "ft.field.data": "Datos",
    "ft.field.from_scratch": "Arquitectura",
    "ft.field.scratch_layers": "Capas",
    "ft.field.train_size": "Ejemplos de entrenamiento",
    "ft.field.validation_size": "Validación",
    "ft.field.test_size": "Prueba",
    "ft.field.max_length": "Longitud máxima (tokens)",
    "ft.field.batch_size": "Tamaño del lote",
    "ft.field.learning_rate": "Tasa de aprendizaje",
    "ft.field.steps": "Pasos",
    "ft.field.epochs": "Épocas",
    "ft.field.train_layers": "Capas que se entrenan",
    "ft.field.seed": "Semilla",
    "ft.field.probes": "Frases de prueba",
    "ft.field.probe_every": "Fotos de atención cada (pasos)",
    "ft.field.eval_every": "Validación cada (pasos)",
    "ft.field.checkpoint_every": "Guardar cada (pasos)",
    "ft.field.warmup_fraction": "Calentamiento",
    "ft.field.truncation": "Los textos largos conservan",
    "ft.field.head_factor": "Tasa del clasificador (× la de las capas)",
    "ft.problem.not_a_number": "{field}: escribe un número entero entre {low} y {high}.",
    "ft.problem.out_of_range": "{field}: debe estar entre {low} y {high} (has puesto {value}).",
    "ft.problem.no_model": "Elige un modelo (o, desde cero, de dónde sale el tokenizador).",
    "ft.problem.no_data": "Elige los datos.",
    "ft.problem.bad_architecture": "La arquitectura «{architecture}» no existe aquí.",
    "ft.problem.too_long_for_model": "Este modelo lee como mucho {limit} tokens, no {value}.",
    "ft.problem.bad_learning_rate": "La tasa de aprendizaje debe estar entre {low} y {high}.",
    "ft.problem.bad_head_factor": "{field}: debe estar entre {low} y {high}.",
    "ft.problem.bad_truncation": "{field}: «{value}» no es una opción aquí.",
    "ft.problem.steps_or_epochs": "Indica pasos o épocas (uno de los dos).",
    "ft.problem.too_many_layers": (
        "El modelo tiene {layers} capas: no se pueden entrenar las {value} de arriba."
    ),
    "ft.problem.bad_train_layers": (
        "Capas que se entrenan: usa «todas», «las k de arriba» o «solo el clasificador»."
    ),
    "ft.problem.too_many_probes": "Como mucho {limit} frases de prueba (hay {count}).",
    "ft.problem.empty_probe": "La frase de prueba {index} está vacía.",
    "ft.problem.long_probe": "La frase de prueba {index} pasa de {limit} caracteres: acórtala.",
    "ft.problem.over_memory": (
        "Con estos ajustes el servidor necesitaría unos {peak_mb} MB y el límite es {budget_mb} MB. "
        "Baja la longitud máxima o el tamaño del lote, o entrena menos capas."
    ),
    "ft.error.interrupted": "La ejecución se interrumpió.",
    "ft.error.too_few_examples": (
        "Solo hay {count} ejemplos de entrenamiento: menos que un lote de {batch_size}."
    ),
    "ft.error.diverged": "La pérdida dejó de ser un número en el paso {step}: baja la tasa de aprendizaje.",
    "ft.error.out_of_memory": (
        "Se acabó la memoria. Baja la longitud máxima o el tamaño del lote, o entrena menos capas."
    ),
    "ft.error.bad_batch": "Un lote no se pudo entrenar: {reason}",
    "ft.error.disk_error": "No se pudieron escribir los archivos de la ejecución: {reason}",
    "ft.error.disk_full": (
        "El disco está lleno: la ejecución se detuvo y se borraron sus archivos a medio escribir."
    ),
    "ft.error.training_error": "Error durante el entrenamiento: {reason}",
    "ft.error.bad_zip": "«{filename}» no es un zip de una ejecución (o está dañado).",
    "ft.error.zip_too_large": "«{filename}» es demasiado grande para ser una ejecución.",
    "ft.error.not_a_run": (
        "«{filename}» no es una ejecución exportada: le faltan settings.json y status.json."
    ),
    "ft.state.damaged": "dañada",
    "ft.damaged": (
        "Esta ejecución está dañada: sus archivos no son los que escribe un entrenamiento ({problems}). "
        "No se puede abrir; bórrala abajo, en «Ejecuciones guardadas»."
    ),
    "ft.error.zip_bomb": "«{filename}» se descomprime en mucho más de lo que ocupa: no se importa.",
    "ft.error.unsafe_zip": (
        "«{filename}» contiene rutas no permitidas (absolutas, con «..», enlaces o nombres demasiado largos)."
    ),
    "ft.error.runs_quota": (
        "Las ejecuciones guardadas superarían su cuota de {quota_mb} MB: borra alguna antes de importar."
    ),
    "ft.error.disk_full_import": "El disco está lleno: la ejecución no se importó.",
    "ft.error.damaged_run": (
        "«{filename}» no es una ejecución que esta aplicación pueda mostrar (archivos con valores no "
        "válidos: {problems})."
    ),
    "ft.error.import_busy": "Se está importando otra ejecución: inténtalo de nuevo en un momento.",
    "ft.error.import_quota": (
        "Esta sesión ya intentó importar {limit} ejecuciones: recarga la página para seguir."
    ),
    "ft.error.import_teacher_only": "Solo el profesor puede importar ejecuciones.",
    "hosting.no_password": (
        "Este servidor es público: para empezar, importar o borrar ejecuciones hace falta un profesor. "
        "Define ATTNVIZ_TEACHER_PASSWORD (variable de entorno o secreto de Streamlit) y entra en «Modo "
        "profesor». Ver y repetir ejecuciones funciona para todos."
    ),
    "hosting.link_model_refused": (
        "El enlace nombra un modelo que no está en este servidor: en un servidor público solo se usan "
        "los modelos del catálogo y los que el profesor dejó en la carpeta de modelos."
    ),
    "ft.teacher.wait": (
        "Demasiadas contraseñas incorrectas desde aquí: espera {seconds} s antes de volver a intentarlo."
    ),
    "ft.failed_nothing_kept": (
        "El entrenamiento se detuvo por un error: {reason} Las métricas se conservan; no se llegó a "
        "guardar ningún punto de control."
    ),
    "ft.error.run_exists": "Ya existe una ejecución llamada «{name}».",
    "ft.error.run_not_found": "No existe la ejecución «{name}».",
    "ft.denied.teacher_only": "Solo el profesor puede hacer esto.",
    "ft.denied.not_owner": "Solo quien inició esta ejecución (o el profesor) puede hacer esto.",
    "ft.denied.busy_owner": "Ya tienes un entrenamiento en cola o en curso: espera a que termine.",
    "ft.denied.active_run": "Detén la ejecución antes de borrarla.",
    "ft.teacher.title": "Modo profesor",
    "ft.teacher.intro": "Con la contraseña del profesor puedes iniciar, detener y borrar entrenamientos.",
    "ft.teacher.password": "Contraseña",
    "ft.teacher.login": "Entrar",
    "ft.teacher.logout": "Salir del modo profesor",
    "ft.teacher.wrong": "La contraseña no es correcta.",
    "ft.teacher.active": "Modo profesor activo.",
    "ft.teacher.students_watch": (
        "En esta clase el profesor dirige los entrenamientos: tú puedes mirarlos en vivo."
    ),
    "ft.compare.title": "Comparar entrenamientos",
    "ft.compare.pick": "Entrenamientos que se comparan",
    "ft.compare.pick_two": "Elige al menos dos entrenamientos.",
    "ft.compare.chart": "Pérdida y acierto en validación de cada entrenamiento",
    "ft.compare.val_accuracy": "acierto en validación",
    "ft.compare.differ": "Ajustes en los que se diferencian: {settings}.",
    "ft.runs.title": "Ejecuciones guardadas",
    "ft.runs.name": "Nombre",
    "ft.runs.state": "Estado",
    "ft.runs.steps": "Pasos",
    "ft.runs.model": "Modelo",
    "ft.runs.data": "Datos",
    "ft.runs.accuracy": "Exactitud (prueba)",
    "ft.runs.date": "Fecha",
    "ft.runs.pick": "Ejecución",
    "ft.runs.open": "Ver",
    "ft.runs.export": "Exportar zip",
    "ft.runs.delete": "Borrar",
    "ft.runs.delete_confirm": "¿Borrar «{name}» con su modelo y sus métricas? No se puede deshacer.",
    "ft.runs.delete_yes": "Sí, borrar",
    "ft.runs.import": "Importar una ejecución (zip)",
    "ft.runs.import_help": (
        "El disco de Streamlit Community Cloud se borra cuando la aplicación se duerme: prepara una "
        "ejecución antes de clase, expórtala como zip y súbela aquí."
    ),
    "ft.runs.import_label": "Zip exportado desde esta página o con `python -m attnviz train`",
    "ft.runs.import_button": "Importar",
    "ft.runs.imported": "Importada como «{name}».",
    "ft.probe.sentiment.1": "La película fue maravillosa y los actores estuvieron geniales.",
    "ft.probe.sentiment.2": "Una historia aburrida, larga y sin ninguna gracia.",
    "ft.probe.topic.1": "El equipo ganó el partido en el último minuto.",
    "ft.probe.topic.2": "Las acciones de la empresa subieron tras presentar sus resultados.",
    "ft.probe.emotion.1": "Hoy me siento feliz y lleno de energía.",
    "ft.probe.emotion.2": "Tengo miedo de lo que pueda pasar mañana.",
    # --- preguntas y respuestas (app_pages/question_answering.py, attnviz.ui.qa_views) ---
    "nav.translation": "Traducción (codificador-decodificador)",
    "home.translation": (
        "Un codificador-decodificador que se entrena aquí, sin red, en un minuto (escribe fechas en forma ISO), "
        "o un traductor preentrenado (Marian, T5). Su atención cruzada muestra qué palabras de la frase original "
        "mira cada pieza que escribe."
    ),
    "translation.link_unreadable": "Parte del enlace no se pudo leer y se ignoró: {names}.",
    "translation.json": "Descargar las tres matrices (JSON)",
    "translation.csv": "Descargar las tres matrices (CSV)",
    "translation.title": "Traducción: la atención cruzada",
    "translation.intro": (
        "Un codificador-decodificador lee la frase original entera (codificador) y escribe la traducción pieza a "
        "pieza (decodificador). Para cada pieza que escribe, la **atención cruzada** mira la frase original: es la "
        "fórmula del laboratorio con Q del decodificador y K, V del codificador."
    ),
    "translation.train_title": "Entrenar el traductor",
    "translation.train_about": (
        "{steps} pasos de Keras `fit` sobre fechas generadas (unos 70 s en un portátil de 2 núcleos; aquí llegó "
        "al 99 % de aciertos exactos en 200 fechas que nunca vio). Se guarda en la carpeta de datos de la app."
    ),
    "translation.train": "Entrenar el traductor",
    "translation.train_again": "Entrenar de nuevo",
    "live.teacher_only": (
        "En este servidor solo el profesor puede iniciar entrenamientos (modo profesor, en la página de ajuste fino)."
    ),
    "live.busy_fine_tuning": "Hay un ajuste fino en curso: espera a que termine para no frenarlo.",
    "live.training": "Entrenando: paso {step} de {total} · pérdida {loss}",
    "live.paused": "En pausa en el paso {step} de {total} · pérdida {loss}",
    "live.pause": "Pausa",
    "live.resume": "Seguir",
    "live.step_10": "10 pasos",
    "live.stop": "Parar",
    "live.stop_help": "Termina tras el paso en curso y guarda lo aprendido hasta ahí.",
    "live.loss_axis": "pérdida",
    "live.step_axis": "paso",
    "translation.stopped_early": (
        "Entrenamiento parado en el paso {step} de {total}: el traductor guarda lo aprendido hasta ahí."
    ),
    "translation.damaged": (
        "El traductor guardado en este servidor no se puede leer (¿se llenó el disco al guardarlo?): "
        "entrénalo de nuevo."
    ),
    "translation.check": "Tras {step} pasos: {share} % de aciertos exactos en fechas nunca vistas.",
    "live.failed": "El entrenamiento falló: {reason}",
    "translation.examples": "Ejemplos",
    "translation.source": "Frase original (una fecha en palabras, en español o en inglés)",
    "translation.empty": "Escribe una fecha, por ejemplo «tres de mayo de 2001» o «May 3, 2001».",
    "translation.unknown_words": (
        "Hay palabras que el traductor no conoce (solo sabe fechas): las ve como <unk> y su traducción no tiene "
        "sentido."
    ),
    "translation.output": "**Traducción (voraz, pieza a pieza):** `{output}`",
    "translation.step": "Paso del decodificador",
    "translation.step_help": "En cada paso el decodificador lee lo que ya escribió y elige la pieza más probable.",
    "translation.choice": ("Ya escrito: `{written}` → elige **«{chosen}»**. Las más probables: {options}."),
    "translation.cross_title": "Atención cruzada: decodificador → frase original",
    "translation.cross_about": (
        "Cada fila es un paso del decodificador (lo que lee: el inicio y las piezas ya escritas); cada columna, una "
        "pieza de la frase original. Un traductor entrenado mira, al escribir cada pieza, la parte de la original "
        "que traduce; con fechas, el año de la original cuando escribe el año."
    ),
    "translation.cross_chart": "Atención cruzada",
    "translation.source_axis": "frase original (claves y valores del codificador)",
    "translation.decoder_axis": "paso del decodificador (consultas)",
    "translation.decoder_title": "Autoatención del decodificador",
    "translation.decoder_chart": "Decodificador (máscara causal)",
    "translation.causal_why": (
        "El triángulo de arriba está vacío: el decodificador no puede mirar piezas que aún no ha escrito."
    ),
    "translation.encoder_title": "Autoatención del codificador",
    "translation.encoder_chart": "Codificador (ve toda la frase)",
    "translation.replay_title": "Cómo apareció la alineación",
    "translation.replay_about": (
        "La atención cruzada de la última capa (media de las cabezas) sobre «{probe}», guardada durante el "
        "entrenamiento: de un borrón uniforme a una alineación que lleva el año al principio."
    ),
    "translation.replay_step": "Paso de entrenamiento",
    "translation.replay_chart": "Atención cruzada en el paso {step}",
    "translation.replay_checks": "Aciertos exactos en 200 fechas nunca vistas (paso): {checks}.",
    "translation.tiny_about": (
        "Un traductor pequeño (un `TFMarianMTModel`, la clase de los traductores opus-mt, con 2 capas de "
        "codificador y 2 de decodificador) aprende aquí a escribir fechas en forma ISO: «veinticinco de diciembre "
        "de 2026» → «2026-12-25». El año pasa del final al principio: para acertar, cada pieza que escribe tiene "
        "que mirar la parte correcta de la frase original."
    ),
    "translation.model": "Traductor",
    "translation.model.tiny": "Traductor diminuto de fechas (se entrena aquí, sin red)",
    "translation.model.opus-mt-es-en": "opus-mt-es-en · español → inglés (Marian, 6 + 6 capas) · {status}",
    "translation.model.opus-mt-en-es": "opus-mt-en-es · inglés → español (Marian, 6 + 6 capas) · {status}",
    "translation.model.t5-small": "t5-small · inglés → alemán (T5, 6 + 6 capas) · {status}",
    "translation.offline": (
        "No se puede llegar al Hub de Hugging Face y «{name}» no está en este servidor (~{mb} MB). En una máquina "
        "con internet, ejecuta `python -m attnviz prefetch --model {name}` y copia aquí su carpeta de datos "
        "(ATTNVIZ_HOME), o pon una carpeta de traductor (Marian o T5 en formato `save_pretrained`) en {models}. "
        "Mientras tanto, el traductor diminuto de fechas funciona sin red."
    ),
    "translation.fetch_about": (
        "«{name}» (`{repo}` en el Hub) aún no está en este servidor: se descarga una vez (~{mb} MB) a la carpeta "
        "de datos de la app."
    ),
    "translation.fetch": "Descargar (~{mb} MB)",
    "translation.source_sentence": "Frase original",
    "translation.empty_sentence": "Escribe una frase para traducir.",
    "translation.prefix": (
        "T5 recibe la tarea escrita delante de la frase («{prefix}»): verás esas piezas en la atención."
    ),
    "translation.translating": "Traduciendo…",
    "translation.unknown_pieces": "Hay piezas que el tokenizador no conoce (<unk>): el modelo no puede leerlas.",
    "translation.merge": "Unir las piezas en palabras",
    "translation.merge_help": (
        "Las columnas de las piezas de una palabra se suman y sus filas se promedian: cada fila sigue sumando 1."
    ),
    "translation.head_title": "Una cabeza de la atención cruzada, con sus números",
    "translation.head_pick": "Elige una cabeza (no la media) para ver sus Q, K y V y editarlos en el laboratorio.",
    "translation.head_step": "Paso del decodificador (la consulta)",
    "translation.head_about": (
        "Capa {layer}, cabeza {head}: Q sale del paso {step} del decodificador («{token}»), K y V de las {n} "
        "piezas de la frase original (vectores de {d} dimensiones, las proyecciones propias de la cabeza). Sus "
        "pesos calculados aquí coinciden con los del modelo (diferencia máxima {difference})."
    ),
    "translation.t5_note": (
        "T5 no divide las puntuaciones entre √d_k (esa escala va incluida en sus pesos) y, en la autoatención, "
        "suma a las puntuaciones un sesgo según la distancia entre posiciones. La atención cruzada no lleva ese sesgo."
    ),
    "nav.generation": "Generación (GPT)",
    "home.generation": (
        "Un modelo solo decodificador (GPT) continúa tu frase pieza a pieza, voraz o por muestreo con "
        "temperatura y top-k: las opciones de cada paso y la atención causal de lo escrito."
    ),
    "generation.title": "Generación: GPT escribe pieza a pieza",
    "generation.intro": (
        "Un modelo como GPT solo tiene decodificador: lee lo escrito hasta ahora y da una probabilidad a cada "
        "pieza posible como la siguiente. Se elige una (la más probable, o al azar según esas probabilidades), se "
        "añade al texto y se repite. Su autoatención es **causal**: cada pieza mira solo las anteriores."
    ),
    "generation.model": "Modelo generador",
    "generation.prompt": "Comienzo del texto (en inglés para distilgpt2)",
    "generation.empty": "Escribe el comienzo de un texto para que el modelo lo continúe.",
    "generation.mode": "Cómo elige la siguiente pieza",
    "generation.mode.greedy": "la más probable (voraz)",
    "generation.mode.sample": "al azar (muestreo)",
    "generation.temperature": "Temperatura",
    "generation.temperature_help": (
        "Divide las puntuaciones antes del softmax: por debajo de 1 el modelo se vuelve más seguro, por encima "
        "más variado."
    ),
    "generation.top_k": "Top-k",
    "generation.top_k_help": "Solo se sortea entre las k piezas más probables.",
    "generation.resample": "Otra muestra",
    "generation.one": "Siguiente pieza",
    "generation.many": "{n} piezas más",
    "generation.reset": "Volver al comienzo",
    "generation.writing": "Escribiendo…",
    "generation.text": "**Texto:** {prompt} **{new}**",
    "generation.col_step": "paso",
    "generation.col_token": "pieza elegida",
    "generation.col_probability": "su probabilidad",
    "generation.col_candidates": "las más probables",
    "generation.shown": "Pieza cuya atención se muestra",
    "generation.newest_title": "Adónde mira una pieza: todo lo anterior",
    "generation.newest_chart": "Atención de «{token}» (capa {layer})",
    "generation.causal_title": "La matriz causal entera",
    "generation.causal_chart": "Autoatención causal (capa {layer})",
    "generation.causal_why": (
        "El triángulo de arriba está vacío: al escribir una pieza el modelo no puede mirar las que aún no existen. "
        "Es la máscara causal del laboratorio."
    ),
    "generation.json": "Descargar la matriz (JSON)",
    "generation.link_unreadable": "Parte del enlace no se pudo leer y se ignoró: {names}.",
    "models.task.generation": "Generación",
    "nlp.error.not_a_generator": "«{source}» es un modelo {architecture}, no un generador de texto (GPT).",
    "nav.pretraining": "Preentrenamiento (palabra oculta)",
    "home.pretraining": (
        "Lo que BERT aprende antes de cualquier ajuste fino: tapa una palabra con [MASK] y mira qué propone la "
        "cabeza de lenguaje enmascarado de un modelo real, con qué probabilidad, y adónde mira [MASK]."
    ),
    "pretraining.title": "Preentrenamiento: la palabra que falta",
    "pretraining.intro": (
        "BERT se preentrena tapando palabras al azar con `[MASK]` y aprendiendo a adivinarlas a partir del resto "
        "de la frase (modelado de lenguaje enmascarado). Haz clic en una palabra para taparla: la cabeza de "
        "lenguaje enmascarado del modelo propone las piezas más probables, y la atención muestra de qué palabras "
        "saca la pista."
    ),
    "fillin.model": "Modelo (con cabeza de lenguaje enmascarado)",
    "fillin.text": "Frase (en inglés para los modelos del catálogo)",
    "fillin.pick": "Palabra que se tapa",
    "fillin.pick_help": "Haz clic en una palabra: se cambia por [MASK] y el modelo la adivina.",
    "fillin.pick_one": "Haz clic en una palabra para taparla.",
    "fillin.masked": "**Frase con la palabra tapada:** {sentence} (era «{word}»)",
    "fillin.probability": "probabilidad",
    "fillin.guesses_title": "Lo que propone la cabeza para [MASK]",
    "fillin.hit": "Acierta: su primera opción es «{guess}» ({share} %).",
    "fillin.miss": "Su primera opción es «{guess}» ({share} %), no «{word}».",
    "fillin.head_n": "cabeza {n}",
    "fillin.attention_title": "Adónde mira [MASK] en la capa {layer}",
    "fillin.attention_about": (
        "Cada fila es una cabeza (la última, la media): el peso que [MASK] da a cada pieza de la frase. De ahí "
        "saca el modelo la información para adivinar la palabra tapada."
    ),
    "fillin.link_unreadable": "Parte del enlace no se pudo leer y se ignoró: {names}.",
    "nlp.error.no_mlm_head": (
        "«{source}» no tiene cabeza de lenguaje enmascarado (sus pesos no la traen): no puede adivinar palabras, "
        "y una cabeza al azar solo diría tonterías. Elige distilbert-base-uncased, bert-base-uncased, "
        "roberta-base u otra carpeta con pesos «…ForMaskedLM»."
    ),
    "nlp.error.too_many_words": "La frase tiene {count} palabras y el límite es {limit}: acórtala.",
    "nlp.error.bad_word": "Esa palabra no se puede tapar aquí: prueba con otra o con una frase más corta.",
    "nav.qa": "Preguntas y respuestas",
    "home.qa": (
        "El ejercicio del curso con `AutoModelForQuestionAnswering`: escribe un contexto y una pregunta y "
        "mira qué fragmento elige el modelo, con qué puntuación, las alternativas, dónde cree que empieza y "
        "acaba la respuesta, y qué cabezas unen las palabras de la pregunta con la respuesta."
    ),
    "qa.title": "Preguntas y respuestas",
    "qa.intro": (
        "Un modelo de preguntas y respuestas **extractivo** no escribe la respuesta: la **señala** dentro "
        "del contexto. Lee `[CLS] pregunta [SEP] contexto [SEP]` y da a cada token dos puntuaciones: cuánto "
        "parece el **inicio** de la respuesta y cuánto parece su **final**. La respuesta es el fragmento con "
        "mayor suma de ambas (el inicio antes que el final, dentro del contexto y sin pasar de cierta "
        "longitud)."
    ),
    "qa.examples": "Ejemplos",
    "qa.example.1.label": "Hugging Face (el ejercicio del curso)",
    "qa.example.1.context": (
        "Hugging Face es una empresa que crea herramientas de código abierto para el aprendizaje automático. "
        "Fue fundada en 2016 en Nueva York por Clément Delangue, Julien Chaumond y Thomas Wolf. Su "
        "biblioteca Transformers ofrece miles de modelos preentrenados para texto, imagen y audio."
    ),
    "qa.example.1.question": "¿Quién fundó Hugging Face?",
    "qa.example.2.label": "Un contexto largo (varias ventanas)",
    "qa.example.2.context": (
        "Las redes neuronales recurrentes fueron durante años la herramienta habitual para procesar texto. "
        "Leían una frase palabra a palabra y guardaban lo leído en un estado oculto, un vector de tamaño "
        "fijo que debía resumir todo lo anterior. Con frases largas ese resumen se quedaba corto: la "
        "información del principio se diluía antes de llegar al final.\n\n"
        "En 2014, Dzmitry Bahdanau, Kyunghyun Cho y Yoshua Bengio propusieron un mecanismo de atención para "
        "la traducción automática. En lugar de comprimir la frase de origen en un único vector, el traductor "
        "podía mirar en cada paso todas las palabras de origen y decidir cuánto peso darle a cada una. La "
        "traducción de frases largas mejoró de forma notable.\n\n"
        "En 2017, un equipo de Google publicó el artículo «Attention Is All You Need», que presentó el "
        "transformer. La idea central era prescindir por completo de la recurrencia: cada capa aplica "
        "autoatención, de modo que cada palabra mira a todas las demás a la vez, y el cálculo de todas las "
        "posiciones se puede repartir en paralelo. Para no perder el orden de las palabras se suma una "
        "codificación posicional a los embeddings.\n\n"
        "El transformer original tenía un codificador y un decodificador, cada uno con seis capas y ocho "
        "cabezas de atención por capa. Cada cabeza aprende a fijarse en relaciones distintas: unas siguen la "
        "sintaxis, otras enlazan los pronombres con aquello a lo que se refieren y otras miran simplemente a "
        "la palabra siguiente.\n\n"
        "Poco después llegaron los modelos preentrenados. BERT, publicado por Google en 2018, usa solo el "
        "codificador y se entrena adivinando palabras ocultas en enormes cantidades de texto. GPT, de "
        "OpenAI, usa solo el decodificador y aprende a predecir la palabra siguiente. En 2019, Hugging Face "
        "presentó DistilBERT, una versión destilada de BERT que conserva buena parte de su rendimiento y es "
        "un 60 % más rápida.\n\n"
        "Hoy los transformers se usan para traducir, resumir, clasificar opiniones, responder preguntas "
        "sobre un texto e incluso para analizar imágenes y sonido."
    ),
    "qa.example.2.question": "¿Qué empresa presentó DistilBERT?",
    "qa.example.3.label": "Sin respuesta en el contexto",
    "qa.example.3.context": (
        "La torre Eiffel está en París. Se construyó entre 1887 y 1889 para la Exposición Universal y mide "
        "unos 330 metros de altura. Durante más de cuarenta años fue la construcción más alta del mundo."
    ),
    "qa.example.3.question": "¿Quién ganó el Mundial de fútbol de 2010?",
    "qa.example.4.label": "En inglés (el idioma del modelo)",
    "qa.example.4.context": (
        "The Amazon rainforest covers most of the Amazon basin of South America. The majority of the forest, "
        "about 60 percent, is in Brazil, followed by Peru with 13 percent and Colombia with 10 percent."
    ),
    "qa.example.4.question": "Which country has most of the Amazon rainforest?",
    "qa.context": "Contexto",
    "qa.context_help": (
        "El texto donde el modelo busca la respuesta. Pulsa Ctrl+Intro (o haz clic fuera) para responder. El "
        "modelo predeterminado se entrenó con SQuAD, en inglés: con textos en inglés acierta mucho más."
    ),
    "qa.question": "Pregunta",
    "qa.question_help": "Pulsa Intro para responder.",
    "qa.empty_context": "Escribe un contexto: el texto donde el modelo buscará la respuesta.",
    "qa.empty_question": "Escribe una pregunta sobre el contexto.",
    "qa.empty_context_question": "Escribe un contexto y una pregunta sobre él (o elige un ejemplo).",
    "qa.huge_context": (
        "El contexto tiene {chars} caracteres y el límite es {limit}: acórtalo (tu texto sigue en el cuadro)."
    ),
    "qa.model": "Modelo de preguntas y respuestas",
    "qa.pick_model": "Elige un modelo o escribe la ruta de una carpeta.",
    "qa.no_model": (
        "No hay ningún modelo de preguntas y respuestas disponible: el Hub de Hugging Face no responde y "
        "«{name}» no está en este servidor. Para usar una carpeta local (guardada con save_pretrained), "
        "cópiala en `{models}` y aparecerá en la lista, o elige «Otro (id del Hub o carpeta)…» y escribe su "
        "ruta."
    ),
    "qa.new_head": (
        "Este modelo no trae una cabeza de preguntas y respuestas entrenada (sus pesos son aleatorios): las "
        "respuestas no significan nada. Usa un modelo ajustado con SQuAD."
    ),
    "qa.threshold": "Umbral de confianza",
    "qa.threshold_help": (
        "Por debajo de esta puntuación la respuesta se marca como poco fiable. El modelo predeterminado se "
        "entrenó con SQuAD 1.1, donde siempre había respuesta: por eso siempre señala algún fragmento."
    ),
    "qa.settings": "Más ajustes",
    "qa.top_k": "Respuestas alternativas a mostrar",
    "qa.max_answer": "Longitud máxima de la respuesta (tokens)",
    "qa.max_answer_help": "Solo cuentan los fragmentos de hasta este número de tokens.",
    "qa.window": "Tokens por ventana",
    "qa.window_help": (
        "Cuántos tokens lee el modelo de una vez (pregunta y tokens especiales incluidos; este modelo admite "
        "{max}). Un contexto más largo se divide en ventanas solapadas."
    ),
    "qa.stride": "Solape entre ventanas (tokens)",
    "qa.stride_help": (
        "Tokens que comparten dos ventanas seguidas (el «document stride»), para que una respuesta cortada "
        "por el borde de una ventana aparezca entera en la siguiente."
    ),
    "qa.reading": "Leyendo la ventana {done} de {total}…",
    "qa.running": "Buscando la respuesta…",
    "qa.no_span": "El contexto no tiene ningún token que el modelo pueda señalar como respuesta.",
    "qa.answer_heading": "La respuesta",
    "qa.answer": "**Respuesta:** {answer}",
    "qa.score": "Puntuación",
    "qa.score_help": (
        "La probabilidad del fragmento entre todos los fragmentos posibles de su ventana: softmax de "
        "(puntuación de inicio + puntuación de final)."
    ),
    "qa.reliable": "Respuesta fiable: su puntuación ({score}) alcanza el umbral ({threshold}).",
    "qa.unreliable": (
        "**Respuesta poco fiable**: su puntuación ({score}) no llega al umbral ({threshold}). Puede que el "
        "contexto no contenga la respuesta, o que el modelo no la encuentre. Este modelo siempre señala "
        "algún fragmento, aunque no haya respuesta: no te fíes de este."
    ),
    "qa.unreliable_untrained": (
        "**Respuesta poco fiable**: su puntuación ({score}) no llega al umbral ({threshold}). Con una cabeza "
        "de preguntas y respuestas sin entrenar, cualquier fragmento es casualidad, esté o no la respuesta "
        "en el contexto."
    ),
    "qa.answer_title": "Respuesta",
    "qa.alternative_title": "Alternativa",
    "qa.whole_context": "Todo el contexto",
    "qa.highlight_legend": (
        "Resaltada: la respuesta (verde si es fiable, naranja si no). Subrayadas: otras alternativas que no "
        "se solapan con ella."
    ),
    "qa.alternatives": "Las {count} mejores respuestas",
    "qa.col.rank": "#",
    "qa.col.answer": "Respuesta",
    "qa.col.score": "Puntuación",
    "qa.col.window": "Ventana",
    "qa.col.chars": "Caracteres",
    "qa.col.tokens": "Tokens del contexto",
    "qa.col.best_here": "Mejor fragmento en la ventana",
    "qa.one_window": "El contexto tiene {tokens} tokens y cabe en una sola ventana de {max} tokens.",
    "qa.windows": (
        "El contexto tiene {tokens} tokens, más de los que caben en una ventana de {max} (con la pregunta). "
        "Se dividió en **{count} ventanas solapadas** ({stride} tokens de solape), cada una con la pregunta "
        "completa; gana el mejor fragmento de todas. La respuesta está en la ventana {window}."
    ),
    "qa.stride_reduced": (
        "El solape pedido ({asked} tokens) no deja sitio en la ventana para avanzar: se usan {used}."
    ),
    "qa.windows_table": "Las ventanas",
    "qa.scores_heading": "Dónde empieza y dónde acaba",
    "qa.scores_about": (
        "Cada token del contexto tiene una puntuación de inicio y otra de final. En probabilidad, cada serie "
        "es un softmax sobre los tokens del contexto de la ventana; la zona verde es la respuesta."
    ),
    "qa.scores_kind": "Mostrar",
    "qa.scores.probability": "Probabilidad",
    "qa.scores.logit": "Logit",
    "qa.start": "Inicio",
    "qa.end": "Final",
    "qa.scores_title": "Puntuaciones de inicio y final · ventana {window}",
    "qa.attention_heading": "La atención de la pregunta al contexto",
    "qa.attention_about": (
        "Cada casilla es una cabeza: la parte de la atención que los tokens de la pregunta dan al contexto "
        "que cae en los tokens de la respuesta (ventana {window}). Una cabeza que repartiera su atención por "
        "igual daría {uniform}. Haz clic en una casilla para ver esa cabeza abajo."
    ),
    "qa.layer": "Capa",
    "qa.head": "Cabeza",
    "qa.share": "Parte en la respuesta",
    "qa.grid_title": "¿Qué cabezas miran a la respuesta?",
    "qa.click_hint": "Clic: ver esta cabeza",
    "qa.whole_window": "Toda la ventana",
    "qa.whole_window_help": (
        "Si está apagado, solo se muestran {n} tokens del contexto a cada lado de la respuesta."
    ),
    "qa.head_title": "Capa {layer} · Cabeza {head} · {share} de la atención en la respuesta",
    "qa.context_tokens": "Tokens del contexto (la respuesta, enmarcada)",
    "qa.question_tokens": "Tokens de la pregunta",
    "nlp.error.empty_question": "La pregunta está vacía: escribe una.",
    "nlp.error.empty_context": "El contexto está vacío: escribe el texto donde buscar la respuesta.",
    "nlp.error.context_too_long": "El contexto tiene {chars} caracteres y el límite es {limit}: acórtalo.",
    "nlp.error.question_too_long": (
        "La pregunta ocupa {tokens} tokens y como mucho caben {limit}: acórtala o elige ventanas más largas."
    ),
    # --- seguir al profesor ---
    "classroom.present": "Presentar a la clase",
    "classroom.presenting": "**Presentas.** Código de la clase: **{code}** · {count} siguiendo tu pantalla",
    "classroom.show_qr": "Código QR",
    "classroom.qr_caption": "Escanea el código o abre {link} (código de la clase: **{code}**).",
    "classroom.local_only": (
        "Esta dirección solo funciona en este ordenador. Abre la aplicación con la dirección de red del "
        "equipo (la «Network URL» que escribe `streamlit run`) para que los móviles de la clase la alcancen."
    ),
    "classroom.stop": "Dejar de presentar",
    "classroom.following": (
        "**Sigues la pantalla del profesor** (clase {code}): la página cambia cuando el profesor cambia de "
        "página o de vista."
    ),
    "classroom.explore": "Explorar por mi cuenta",
    "classroom.exploring": "El profesor está presentando; tú exploras por tu cuenta.",
    "classroom.come_back": "Volver con el profesor",
    "classroom.join_intro": "¿Estás en clase? Escanea el código QR de la pantalla del profesor o escribe su código.",
    "classroom.code_label": "Código de la clase",
    "classroom.join": "Unirme",
    "classroom.wrong_code": (
        "«{code}» no es el código de la clase que se presenta ahora: cópialo de la pantalla del profesor."
    ),
    "classroom.no_class": "Nadie está presentando ahora, así que «{code}» no lleva a ninguna clase.",
    # --- adivina primero ---
    "guess.mode": "Adivina primero",
    "guess.mode_help": (
        "Oculta los pesos y el contexto hasta que hayas dado tu apuesta para una consulta; después "
        "verás la respuesta junto a tu apuesta. Está en el enlace: quien lo abre, adivina también."
    ),
    "guess.hidden": "Los pesos están ocultos: mira las puntuaciones y haz tu apuesta debajo.",
    "guess.intro": (
        "**Adivina antes de mirar.** Con las puntuaciones de arriba, ¿cómo repartirá softmax la "
        "atención de esta consulta entre las claves?"
    ),
    "guess.weights": (
        "Arrastra cuánto peso crees que recibe cada clave desde {query} (no hace falta que sumen 1: "
        "se reparten en proporción)."
    ),
    "guess.masked_key": "{key}: enmascarada (peso 0)",
    "guess.lean": "¿Hacia qué valor se inclina el contexto de {query}?",
    "guess.lean_needed": "Elige un valor para poder revelar la respuesta.",
    "guess.reveal": "Revelar",
    "guess.yours": "Tu apuesta",
    "guess.real": "Pesos reales",
    "guess.chart_title": "Tu apuesta y los pesos reales de {query}",
    "guess.distance": (
        "Tu reparto está a un **{percent} %** del real (la parte de la atención que habría que mover "
        "para acertar). Donde más fallaste: **{worst}**, {guessed} frente a {real}."
    ),
    "guess.lean_right": "¡Bien! El contexto se inclina hacia **{value}**, la clave con más peso.",
    "guess.lean_wrong": "El contexto se inclina hacia **{value}** (la clave con más peso), no hacia {guessed}.",
    "guess.again": "Adivinar otra vez",
    "guess.heads_mode_help": (
        "Oculta cuánto cambió cada cabeza hasta que hayas apostado por la que más cambió. Está en el "
        "enlace: quien lo abre, apuesta también."
    ),
    "guess.heads_intro": (
        "**Apuesta antes de mirar.** ¿Qué cabeza cambió más su atención sobre este texto con el ajuste fino?"
    ),
    "guess.heads_result": (
        "Tu cabeza (capa {layer}, cabeza {head}) es la **{rank}.ª de {heads}** por cambio (JS {value}). "
        "La que más cambió: capa {best_layer}, cabeza {best_head} (JS {best_value})."
    ),
    "heatmaps.grid_layers": "Capas en la vista del modelo",
    "heatmaps.grid_all_layers": "Todas",
    # --- preentrenar un BERT diminuto ---
    "pretrain.title": "Preentrénalo tú: un BERT diminuto desde cero",
    "pretrain.intro": (
        "Así aprende BERT antes de ningún ajuste fino: se tapa el 15 % de las piezas de cada frase y "
        "el modelo aprende a adivinarlas. Aquí lo haces con un BERT de 2 capas y 4 cabezas, con un "
        "vocabulario WordPiece aprendido de tu propio texto, en unos minutos y sin conexión."
    ),
    "pretrain.train_title": "Preentrenar un BERT diminuto",
    "pretrain.about": (
        "Sube un texto (un .txt con una frase por línea, o un .csv con una columna de texto; las "
        "frases de rt-polarity sirven). {steps} pasos por defecto. Al terminar, el modelo aparece "
        "arriba en «Modelo» y en la página de ajuste fino."
    ),
    "pretrain.train": "Preentrenar",
    "pretrain.train_again": "Preentrenar otro",
    "pretrain.upload": "Texto para preentrenar",
    "pretrain.upload_help": "Como mucho 20 MB. Se lee en memoria; no se guarda el archivo.",
    "pretrain.name": "Nombre del modelo",
    "pretrain.name_help": "Se guarda en la carpeta de modelos con este nombre (letras, números, - y _).",
    "pretrain.steps": "Pasos",
    "pretrain.needs_text": "Sube un texto para poder empezar.",
    "pretrain.ready": ("{count} frases; {held} se guardan aparte para medir. Se guardará como «{name}»."),
    "pretrain.problem.too_few_texts": (
        "El texto tiene {count} líneas no vacías y hacen falta al menos {needed}: sube un texto más largo."
    ),
    "pretrain.problem.file_too_big": "El archivo pasa de {limit_mb} MB: sube uno más pequeño.",
    "pretrain.problem.bad_csv": "No se pudo leer el CSV: comprueba que tiene cabecera y una columna de texto.",
    "pretrain.live_check": "Paso {step}: acierta el {accuracy} % de las piezas tapadas de frases que no ha visto.",
    "pretrain.accuracy": "acierto (top-1)",
    "pretrain.baseline": "siempre la pieza más frecuente",
    "pretrain.replay_title": "Cómo aprendió",
    "pretrain.replay_model": "BERT diminuto",
    "pretrain.summary": (
        "{steps} pasos sobre {texts} frases, vocabulario de {vocabulary} piezas. Acierta el "
        "**{accuracy} %** de las piezas tapadas en frases apartadas; decir siempre «{piece}» (la "
        "pieza más frecuente) acierta el {baseline} %."
    ),
    "pretrain.check_step": "Paso del entrenamiento",
    "pretrain.sentence": "Frase apartada",
    "pretrain.word": "Palabra tapada",
    "pretrain.guesses": "Sus 3 apuestas",
    "pretrain.patterns_intro": (
        "**Qué miran sus cabezas** en ese paso (media sobre frases apartadas): al principio todas "
        "miran por igual. En un preentrenamiento largo (miles de pasos) algunas se especializan en la "
        "pieza anterior, la siguiente o [SEP]; en unos minutos el cambio es pequeño: compara el paso 0 "
        "con el último."
    ),
    "pretrain.pattern.previous": "Atención a la pieza anterior",
    "pretrain.pattern.next": "Atención a la pieza siguiente",
    "pretrain.pattern.sep": "Atención a [SEP]",
    "pretrain.pattern.entropy": "Entropía (amplitud, nats)",
    "pretrain.use_it": (
        "«{name}» ya es un modelo más: elígelo arriba para tapar palabras, o en la página de ajuste "
        "fino para ajustarlo a una tarea."
    ),
    "pretrain.weight": "peso",
    "induction.title": "Mira cómo se forma una cabeza de inducción",
    "induction.intro": (
        "Un GPT-2 diminuto (2 capas × 2 cabezas, 64 de ancho) aprende, desde cero, secuencias de tokens al azar en "
        "las que un tramo al azar vuelve a aparecer: *ruido · a₁ … aₙ · ruido · a₁ … aₙ*. La primera copia no se "
        "puede predecir; la segunda sí, si una cabeza mira **el token que siguió a la aparición anterior del token "
        "actual** y lo copia (Olsson et al. 2022, *In-context Learning and Induction Heads*). Esa **cabeza de "
        "inducción** necesita una compañera en la capa anterior, una cabeza que mira el token previo. La longitud "
        "del tramo, dónde empieza y el ruido entre las copias cambian cada vez, así que contar posiciones no "
        "sirve: la cabeza tiene que comparar contenido. Mira cómo la pérdida en la segunda copia cae de golpe "
        "cuando se forma la cabeza."
    ),
    "induction.train_title": "Entrenar el GPT-2 diminuto",
    "induction.train_about": (
        "{steps} pasos de Keras `fit`, lotes de 32 secuencias (unos 100 s en un portátil de 2 núcleos; la cabeza "
        "se forma hacia el paso 1.300, a los 50 s). Bloques solo de atención, las posiciones sinusoidales de la "
        "página de bloques, y los valores de la primera capa fijos en su inicio al azar (solo aprenden sus "
        "consultas y claves): las tres decisiones que hacen que se forme en tiempo de clase. Se guarda en la "
        "carpeta de datos de la app."
    ),
    "induction.train": "Entrenar el GPT-2 diminuto",
    "induction.train_again": "Entrenar de nuevo",
    "induction.first_half": "pérdida en la primera copia",
    "induction.repeat": "pérdida en la segunda copia",
    "induction.best_score": "mejor puntuación de inducción",
    "induction.damaged": "No se pudo leer el entrenamiento guardado. Entrena de nuevo.",
    "induction.losses_title": "Pérdida del siguiente token en cada copia",
    "induction.head_name": "capa {layer} · cabeza {head}",
    "induction.scores_title": "Puntuación de inducción de cada cabeza",
    "induction.score_axis": "puntuación",
    "induction.score_about": (
        "**Puntuación de inducción** de una cabeza: su atención media desde cada posición $t$ de la segunda copia "
        "al token que siguió a la primera aparición del token de $t$, "
        "$\\frac{1}{n-1}\\sum_t A_{t,\\,t-d+1}$ donde $d$ es la distancia entre las copias, sobre 128 "
        "secuencias que nunca vio al entrenar. 1 es una cabeza de inducción perfecta; una cabeza que reparte su "
        "atención por igual saca alrededor de $1/t$."
    ),
    "induction.step": "Paso de entrenamiento",
    "induction.head": "Cabeza",
    "induction.attention_title": "Capa {layer}, cabeza {head} en el paso {step}: una secuencia de prueba",
    "induction.keys_axis": "mira a (posición · token)",
    "induction.queries_axis": "desde (posición · token)",
    "induction.stripe_about": (
        "La primera copia empieza en la posición {first}, la segunda en la {second}. Una cabeza de inducción "
        "dibuja una franja diagonal {offset} posiciones a la izquierda de la diagonal principal, en las filas de "
        "la segunda copia: cada token mira al que siguió a su aparición anterior."
    ),
    "induction.grid_title": "Puntuación de inducción en el paso {step}",
    "induction.previous_title": "Atención al token previo en el paso {step}",
    "induction.previous_about": (
        "La compañera: una cabeza de la capa 1 que mira el token previo escribe *qué token vino antes* en cada "
        "posición. La cabeza de inducción de la capa 2 compara entonces el token actual con eso, y encuentra la "
        "posición cuyo token previo es el actual. Las dos suelen aparecer en el mismo paso."
    ),
}
