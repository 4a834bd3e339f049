"""Marsad (مرصد): research notebooks on Arabic news — every step of the work lives here.

The modules, in the order the data flows through them (corpus → clean → normalize → terms →
keywords / cooccur / events → outputs); the notebooks call them in this order.

Load
    corpus          read a folder or file of articles into one table, accounting for every input
    articles        the articles table: the one column check and error type (CorpusError)
    dates           publication dates and date mentions, with honest precision
Clean
    clean_rules     the cleaning rules table: read, check, compile
    clean           remove what is not the article, with an audit of every removal
    boilerplate     rules learned per outlet from what recurs at its articles' edges
    pipeline        load then clean, as every notebook starts (and the corpus's names, cached)
    sentences       where each sentence of a cleaned text starts and ends
Normalize
    normalize       Arabic normalization (display and matching levels), with offsets
    clitics         proclitics and pronoun suffixes: the one table
Terms
    tokens          words of normalized text and the proclitic rule that must not eat names
    word_classes    what kind of word a term is (stopwords, function words)
    gazetteer       named entities: the table and one matcher
    discovery       names found in the corpus itself
    terms           the one analyzer: a text's terms, their offsets and kinds, counted per group
Analyse
    keywords        frequencies, n-grams, concordance, keyness, dispersion (notebook 02)
    groups          outlets (or any metadata column) compared (notebooks 02-03)
    cooccur         which terms occur together, association measures, networks (notebook 03)
    events          who did what to whom, where and when (notebook 04); a package: lexicon,
                    sentence, roles, extract, timeline, views, and evaluate (``make eval``)
    trends          terms, names and events over time (notebook 05)
    engine          the analysis tables in chunks: one process, streaming, or a dask cluster
Show and write
    findings        "What the data says": sentences computed from the tables
    plots           every figure, with Arabic labels
    display         right-to-left tables and text in notebooks and reports
    tables          searchable, sortable tables in the HTML reports
    safety          corpus text stays text (HTML, Excel)
    outputs         CSV/JSON written atomically, Excel-safe
    workbook        the run's tables in one Excel workbook
    overview        ``reports/index.html``: the corpus at a glance
    report          run every notebook on a corpus (``make report``)
Shared helpers
    datafiles       the one reader of the data files in ``marsad/data`` (documented there)
    patterns        regex building shared by the matchers
    memo            a memo keyed by article text
    progress        progress bars for the long steps

The benchmark (``make bench``) is ``benchmarks/bench.py``, outside the package.
"""

__version__ = "0.1.0"
