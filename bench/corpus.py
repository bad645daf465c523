#!/usr/bin/env python3
"""Deterministic benchmark corpus for senda and Hugo (Python 3 standard library only).

    python3 bench/corpus.py --pages N --out DIR --tool senda|hugo [--seed 1] [--full]

Writes a complete site into DIR (which must not exist or be empty):

- N source pages in Spanish (the default language), spread round-robin over 10 sections, each
  section with an `_index.md`; a home page `content/_index.md`. Sections and the home page are
  translated into all five languages.
- Page bodies of 2-6 KB of Markdown: h2/h3 headings, paragraphs, a bullet list, a numbered list,
  a small table, 2-4 links to other pages; 1-4 tags from a list of 30; title, description,
  weight, and a date (2015-2024, never in the future: Hugo leaves future pages out) on about a
  third of the pages.
- Partial translations (`page.LANG.md` next to `page.md`): en for ~80% of the pages, fr ~40%,
  ht ~20%, ar ~10%, nested (a page in ar is also in ht, fr and en; one in ht also in fr and
  en...). A translation keeps the source's weight, date, tags and link targets; its title,
  description and body are in its own language.
- `--full`: every page is translated into all five languages (N x 5 + 55 Markdown files), and
  both tools get the "Zola-like" templates (`FULL_SENDA_TEMPLATES`, `FULL_HUGO_LAYOUTS`), which
  do the HTML work of a real theme on every page: the nav of all sections (senda:
  `get_section`; Hugo: `.Site.Home.Sections`), breadcrumbs and the number of pages of the page's
  own section (senda: `get_section` of the parent, with its pages; Hugo: `.CurrentSection`), a
  language switcher, canonical and hreflang alternates, the date written out in the reader's
  language (senda: `format_date` with Fluent month names; Hugo: `time.Format ":date_long"`), the
  tags. Without `--full` the corpus is the one of the earlier benchmarks, byte for byte.
- A page links only to pages translated into at least the same languages. senda would resolve
  any link (through the fallback chain), but Hugo's relref fails the build with REF_NOT_FOUND
  when the target has no version in the linking page's language.
- The only difference between `--tool senda` and `--tool hugo` in content/ is the link syntax:
  `[text](@/section/page.md)` for senda, `[text]({{< relref "/section/page.md" >}})` for Hugo.
  Every other byte of content/ is identical (the same seed gives the same files).
- Site configuration and a minimal theme (without `--full`), equivalent in work for both tools:
  senda: site.yaml, themes/bench/templates/*.html, locales/LANG/main.ftl;
  Hugo: hugo.toml, layouts/_default/{baseof,single,list}.html, layouts/index.html, layouts/404.html.

Everything is a function of (--pages, --seed): the output is byte-identical from run to run.
"""

import argparse
import os
import random
import sys

# ---------------------------------------------------------------------------------------------
# Fixed vocabulary

SECTIONS = [
    "derechos", "salud", "asilo", "trabajo", "educacion",
    "vivienda", "documentos", "familia", "noticias", "ayuda",
]

TAGS = [
    "asilo", "refugio", "visa", "trabajo", "salud", "educacion", "vivienda", "familia",
    "ninez", "mujeres", "documentos", "detencion", "deportacion", "abuso", "trata",
    "frontera", "ruta", "albergue", "comida", "agua", "dinero", "telefono", "internet",
    "idiomas", "abogados", "consulado", "emergencia", "violencia", "discapacidad", "clima",
]

# Translations: (language, share of pages translated). es is the source of every page.
TRANSLATIONS = [("en", 0.80), ("fr", 0.40), ("ht", 0.20), ("ar", 0.10)]
LANGS = ["es"] + [code for code, _ in TRANSLATIONS]

LANG_INFO = {  # code: (name, fallback chain for senda, text direction)
    "es": ("Español", None, "ltr"),
    "en": ("English", None, "ltr"),
    "fr": ("Français", ["es"], "ltr"),
    "ht": ("Kreyòl ayisyen", ["fr", "es"], "ltr"),
    "ar": ("العربية", ["en", "es"], "rtl"),
}

WORDS = {
    "es": (
        "información derecho persona migrante frontera oficina trámite documento solicitud "
        "asilo refugio centro ayuda salud médico hospital trabajo empleo escuela niña niño "
        "familia casa albergue comida agua teléfono número llamada abogado gratis costo "
        "plazo días semana mes camino ruta seguro peligro policía autoridad consulado país "
        "ciudad calle mapa dinero banco tarjeta visa permiso residencia cita registro "
        "puedes debes tienes pedir llevar esperar preguntar llamar buscar cuidar"
    ).split(),
    "en": (
        "information right person migrant border office procedure document application "
        "asylum refuge center help health doctor hospital work job school girl boy family "
        "house shelter food water phone number call lawyer free cost deadline days week "
        "month road route safe danger police authority consulate country city street map "
        "money bank card visa permit residence appointment record you can must have ask "
        "bring wait call search care"
    ).split(),
    "fr": (
        "information droit personne migrant frontière bureau démarche document demande "
        "asile refuge centre aide santé médecin hôpital travail emploi école fille garçon "
        "famille maison abri nourriture eau téléphone numéro appel avocat gratuit coût "
        "délai jours semaine mois chemin route sûr danger police autorité consulat pays "
        "ville rue carte argent banque visa permis résidence rendez-vous registre vous "
        "pouvez devez avez demander apporter attendre appeler chercher soigner"
    ).split(),
    "ht": (
        "enfòmasyon dwa moun migran fwontyè biwo demach dokiman demann azil refij sant "
        "èd sante doktè lopital travay djòb lekòl tifi tigason fanmi kay abri manje dlo "
        "telefòn nimewo apèl avoka gratis pri dele jou semèn mwa chemen wout an sekirite "
        "danje lapolis otorite konsila peyi vil lari kat lajan bank viza pèmi rezidans "
        "randevou rejis ou kapab dwe genyen mande pote tann rele chèche pran swen"
    ).split(),
    "ar": (
        "معلومات حق شخص مهاجر حدود مكتب إجراء وثيقة طلب لجوء ملجأ مركز مساعدة صحة طبيب "
        "مستشفى عمل وظيفة مدرسة فتاة ولد عائلة بيت مأوى طعام ماء هاتف رقم اتصال محامي "
        "مجاني تكلفة مهلة أيام أسبوع شهر طريق مسار آمن خطر شرطة سلطة قنصلية بلد مدينة "
        "شارع خريطة مال بنك بطاقة تأشيرة تصريح إقامة موعد سجل يمكنك يجب لديك اطلب احمل "
        "انتظر اتصل ابحث اعتن"
    ).split(),
}

BODY_MIN, BODY_MAX = 2048, 6144  # bytes of Markdown per page body
LINK_BYTES = 40  # what a link target may take in either syntax (placeholders are shorter)


# ---------------------------------------------------------------------------------------------
# Text generation

def words(rng, lang, lo, hi):
    vocab = WORDS[lang]
    return " ".join(rng.choice(vocab) for _ in range(rng.randint(lo, hi)))


def sentence(rng, lang):
    s = words(rng, lang, 7, 16)
    return s[0].upper() + s[1:] + "."


def paragraph(rng, lang, link=None):
    parts = [sentence(rng, lang) for _ in range(rng.randint(2, 5))]
    if link is not None:
        # Put the link inside the paragraph, after a random sentence.
        at = rng.randint(0, len(parts))
        parts.insert(at, link)
    return " ".join(parts)


def heading(rng, lang, level):
    h = words(rng, lang, 2, 6)
    return "#" * level + " " + h[0].upper() + h[1:]


def table(rng, lang):
    head = [words(rng, lang, 1, 2) for _ in range(3)]
    rows = ["| " + " | ".join(head) + " |", "| --- | --- | --- |"]
    for _ in range(rng.randint(2, 4)):
        rows.append(
            "| " + words(rng, lang, 1, 3) + f" | {rng.randint(1, 90)} | "
            + words(rng, lang, 1, 2) + " |"
        )
    return "\n".join(rows)


def bullets(rng, lang):
    return "\n".join("- " + words(rng, lang, 3, 10) for _ in range(rng.randint(3, 6)))


def numbered(rng, lang):
    return "\n".join(
        f"{k}. " + words(rng, lang, 4, 12) for k in range(1, rng.randint(3, 6) + 1)
    )


def body(rng, lang, n_links):
    """A Markdown body with link placeholders \x00K\x00 (K = 0..n_links-1)."""
    link = lambda k: f"[{words(rng, lang, 1, 3)}](\x00{k}\x00)" if k < n_links else None
    target = rng.randint(BODY_MIN, BODY_MAX)
    blocks = [
        paragraph(rng, lang, link(0)),
        heading(rng, lang, 2),
        paragraph(rng, lang),
        bullets(rng, lang),
        heading(rng, lang, 3),
        paragraph(rng, lang, link(1)),
        numbered(rng, lang),
        heading(rng, lang, 2),
        table(rng, lang),
    ]
    for k in range(2, n_links):
        blocks.append(paragraph(rng, lang, link(k)))
    size = lambda: len("\n\n".join(blocks).encode("utf-8")) + LINK_BYTES * n_links
    while size() < target:
        if rng.random() < 0.35:
            blocks.append(heading(rng, lang, rng.choice((2, 3))))
        blocks.append(paragraph(rng, lang))
    # Trim whole trailing blocks if the last paragraph overshot the upper bound.
    while size() > BODY_MAX and len(blocks) > 9 + max(0, n_links - 2):
        blocks.pop()
    return "\n\n".join(blocks) + "\n"


def yaml_str(s):
    # Vocabulary has no quotes or backslashes; double quotes keep YAML from reading types.
    return '"' + s + '"'


def front_matter(title, description, weight, date=None, tags=None):
    lines = ["---", "title: " + yaml_str(title), "description: " + yaml_str(description)]
    if date:
        lines.append("date: " + date)
    lines.append(f"weight: {weight}")
    if tags:
        lines.append("tags: [" + ", ".join(tags) + "]")
    lines.append("---")
    return "\n".join(lines) + "\n"


def title_case(s):
    return s[0].upper() + s[1:]


# ---------------------------------------------------------------------------------------------
# The site plan (the same for both tools)

def plan(n_pages, seed, full=False):
    """Yields (relative path, markdown with placeholders, link targets) for every content file.
    With `full`, every page is in every language."""
    # The home page and the section indexes, in every language.
    for lang in LANGS:
        rng = random.Random(f"{seed}:home:{lang}")
        suffix = "" if lang == "es" else "." + lang
        fm = front_matter("Bench " + words(rng, lang, 1, 3), sentence(rng, lang), 0)
        yield f"content/_index{suffix}.md", fm + "\n" + paragraph(rng, lang) + "\n", []
    for s, section in enumerate(SECTIONS):
        for lang in LANGS:
            rng = random.Random(f"{seed}:section:{section}:{lang}")
            suffix = "" if lang == "es" else "." + lang
            fm = front_matter(title_case(words(rng, lang, 1, 3)), sentence(rng, lang), s + 1)
            text = fm + "\n" + paragraph(rng, lang) + "\n\n" + paragraph(rng, lang) + "\n"
            yield f"content/{section}/_index{suffix}.md", text, []

    # How many translations each page has (0: es only, 1: + en, 2: + fr, 3: + ht, 4: + ar).
    levels = []
    for i in range(n_pages):
        u = random.Random(f"{seed}:langs:{i}").random()
        levels.append(len(TRANSLATIONS) if full else sum(1 for _, share in TRANSLATIONS if u < share))

    # The pages.
    for i in range(n_pages):
        section = SECTIONS[i % len(SECTIONS)]
        name = f"p{i:05d}"
        meta = random.Random(f"{seed}:meta:{i}")
        weight = meta.randint(1, 1000)
        date = None
        if meta.random() < 0.33:
            date = f"{meta.randint(2015, 2024)}-{meta.randint(1, 12):02d}-{meta.randint(1, 28):02d}"
        tags = sorted(meta.sample(TAGS, meta.randint(1, 4)))
        n_links = meta.randint(2, 4)
        targets = []
        for _ in range(200 * n_links):  # bounded: a tiny corpus may have too few candidates
            if len(targets) == n_links:
                break
            j = meta.randrange(n_pages)
            if j != i and j not in targets and levels[j] >= levels[i]:
                targets.append(j)
        links = [f"/{SECTIONS[j % len(SECTIONS)]}/p{j:05d}.md" for j in targets]
        langs = LANGS[: levels[i] + 1]
        for lang in langs:
            rng = random.Random(f"{seed}:page:{i}:{lang}")
            suffix = "" if lang == "es" else "." + lang
            title = title_case(words(rng, lang, 2, 6)) + f" {i}"
            fm = front_matter(title, sentence(rng, lang), weight, date, tags)
            yield f"content/{section}/{name}{suffix}.md", fm + "\n" + body(rng, lang, len(links)), links


def link_syntax(tool, target):
    if tool == "senda":
        return "@" + target
    return '{{< relref "' + target + '" >}}'


# ---------------------------------------------------------------------------------------------
# Configuration and templates

SENDA_FILES = {
    "site.yaml": """\
# Benchmark site (generated by bench/corpus.py).
title: Bench
base_url: https://bench.example.org
default_language: es
languages:
  - { code: es, name: Español }
  - { code: en, name: English }
  - { code: fr, name: Français, fallback: [es] }
  - { code: ht, name: Kreyòl ayisyen, fallback: [fr, es] }
  - { code: ar, name: العربية, fallback: [en, es] }
theme: bench
""",
    # Minimal templates, equivalent in work to the Hugo layouts below: title, content, the list
    # of a section's pages, language links. No t(), no load_data, no assets.
    "themes/bench/templates/base.html": """\
<!doctype html>
<html lang="{{ lang.code }}" dir="{{ lang.dir }}">
<head>
<meta charset="utf-8">
<title>{% block title %}Bench{% endblock title %}</title>
</head>
<body>
<nav>{% block langs %}{% for l in languages %}<a href="{{ l.url }}" hreflang="{{ l.code }}">{{ l.name }}</a> {% endfor %}{% endblock langs %}</nav>
<main>
{% block content %}{% endblock content %}
</main>
</body>
</html>
""",
    "themes/bench/templates/chooser.html": """\
<!doctype html>
<html lang="{{ lang.code }}">
<head><meta charset="utf-8"><title>Bench</title></head>
<body><ul>{% for l in languages %}<li><a href="{{ l.url }}" hreflang="{{ l.code }}">{{ l.name }}</a></li>{% endfor %}</ul></body>
</html>
""",
    "themes/bench/templates/index.html": """\
{% extends "base.html" %}
{% block title %}{{ section.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content }}
<ul>{% for s in section.subsections %}<li><a href="{{ s.url }}">{{ s.title }}</a></li>{% endfor %}</ul>
{% endblock content %}
""",
    "themes/bench/templates/section.html": """\
{% extends "base.html" %}
{% block title %}{{ section.title }}{% endblock title %}
{% block langs %}{% for tr in section.translations %}{% if tr.exists %}<a href="{{ tr.url }}" hreflang="{{ tr.code }}">{{ tr.name }}</a> {% endif %}{% endfor %}{% endblock langs %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content }}
<ul>{% for p in section.pages %}<li><a href="{{ p.url }}">{{ p.title }}</a>{% if p.description %} {{ p.description }}{% endif %}</li>{% endfor %}</ul>
{% endblock content %}
""",
    "themes/bench/templates/page.html": """\
{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock title %}
{% block langs %}{% for tr in page.translations %}{% if tr.exists %}<a href="{{ tr.url }}" hreflang="{{ tr.code }}">{{ tr.name }}</a> {% endif %}{% endfor %}{% endblock langs %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
{% if page.date %}<time datetime="{{ page.date }}">{{ page.date }}</time>{% endif %}
{{ page.content }}
<p>{% for tag in page.tags %}<a href="/{{ lang.code }}/tags/{{ tag }}/">{{ tag }}</a> {% endfor %}</p>
</article>
{% endblock content %}
""",
    "themes/bench/templates/taxonomy_list.html": """\
{% extends "base.html" %}
{% block title %}{{ taxonomy.name }}{% endblock title %}
{% block content %}
<h1>{{ taxonomy.name }}</h1>
<ul>{% for term in taxonomy.terms %}<li><a href="{{ term.url }}">{{ term.name }}</a> ({{ term.count }})</li>{% endfor %}</ul>
{% endblock content %}
""",
    "themes/bench/templates/taxonomy_single.html": """\
{% extends "base.html" %}
{% block title %}{{ term.name }}{% endblock title %}
{% block content %}
<h1>{{ term.name }}</h1>
<ul>{% for p in term.pages %}<li><a href="{{ p.url }}">{{ p.title }}</a>{% if p.description %} {{ p.description }}{% endif %}</li>{% endfor %}</ul>
{% endblock content %}
""",
    "themes/bench/templates/404.html": """\
{% extends "base.html" %}
{% block title %}404{% endblock title %}
{% block content %}<h1>404</h1>{% endblock content %}
""",
}
# senda warns when a language has no UI strings; one key each keeps the build quiet.
for _code in LANGS:
    SENDA_FILES[f"locales/{_code}/main.ftl"] = "bench = bench\n"


# With --full: templates that do a real theme's work on every page (see the docstring). They
# replace the minimal ones of the same name; the other templates stay as above.
FULL_SENDA_TEMPLATES = {
    "themes/bench/templates/base.html": """\
<!doctype html>
<html lang="{{ lang.code }}" dir="{{ lang.dir }}">
<head>
<meta charset="utf-8">
<title>{% block title %}Bench{% endblock title %}</title>
{% if canonical %}<link rel="canonical" href="{{ canonical }}">{% endif %}
{% for a in alternates %}<link rel="alternate" hreflang="{{ a.hreflang }}" href="{{ a.href }}">{% endfor %}
</head>
<body>
<header>
{% set home = get_section(path="_index.md") %}<nav class="sections"><a href="{{ home.url }}">{{ home.title }}</a>{% for s in home.subsections %} <a href="{{ s.url }}">{{ s.title }}</a>{% endfor %}</nav>
<nav class="langs">{% block langs %}{% for l in languages %}<a href="{{ l.url }}" hreflang="{{ l.code }}">{{ l.name }}</a> {% endfor %}{% endblock langs %}</nav>
</header>
<main>
{% block content %}{% endblock content %}
</main>
</body>
</html>
""",
    "themes/bench/templates/page.html": """\
{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock title %}
{% block langs %}{% for tr in page.translations %}{% if tr.exists %}<a href="{{ tr.url }}" hreflang="{{ tr.code }}">{{ tr.name }}</a> {% endif %}{% endfor %}{% endblock langs %}
{% block content %}
{% set parent = page.ancestors | last %}{% set sec = get_section(path=parent.path) %}<p class="crumbs">{% for a in page.ancestors %}<a href="{{ a.url }}">{{ a.title }}</a> › {% endfor %}<span>{{ page.title }}</span> · {{ sec.pages | length }} {{ sec.title }}</p>
<article>
<h1>{{ page.title }}</h1>
{% if page.date %}<time datetime="{{ page.date }}">{{ format_date(date=page.date) }}</time>{% endif %}
{{ page.content }}
<p>{% for tag in page.tags %}<a href="/{{ lang.code }}/tags/{{ tag }}/">{{ tag }}</a> {% endfor %}</p>
</article>
{% endblock content %}
""",
}

MONTHS = {
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "ht": "janvye fevriye mas avril me jen jiyè out septanm oktòb novanm desanm",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
}
DATE_LONG = {
    "es": "{ $day } de { $month } de { $year }",
    "en": "{ $month } { $day }, { $year }",
    "fr": "{ $day } { $month } { $year }",
    "ht": "{ $day } { $month } { $year }",
    "ar": "{ $day } { $month } { $year }",
}
for _code in LANGS:
    FULL_SENDA_TEMPLATES[f"locales/{_code}/main.ftl"] = (
        "bench = bench\n"
        + f"date-long = {DATE_LONG[_code]}\n"
        + "".join(f"month-{k} = {m}\n" for k, m in enumerate(MONTHS[_code].split(), 1))
    )

FULL_HUGO_LAYOUTS = {
    "layouts/_default/baseof.html": """\
<!doctype html>
<html lang="{{ .Site.Language.Lang }}" dir="{{ or .Site.Language.LanguageDirection "ltr" }}">
<head>
<meta charset="utf-8">
<title>{{ block "title" . }}{{ .Title }}{{ end }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">{{ end }}{{ range .AllTranslations }}{{ if eq .Lang "es" }}<link rel="alternate" hreflang="x-default" href="{{ .Permalink }}">{{ end }}{{ end }}
</head>
<body>
<header>
{{ with .Site.Home }}<nav class="sections"><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ range .Sections }} <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>{{ end }}
<nav class="langs">{{ range .AllTranslations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Language.LanguageName }}</a> {{ end }}</nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
""",
    "layouts/_default/single.html": """\
{{ define "main" }}
<p class="crumbs">{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> › {{ end }}<span>{{ .Title }}</span> · {{ len .CurrentSection.Pages }} {{ .CurrentSection.Title }}</p>
<article>
<h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format ":date_long" }}</time>{{ end }}
{{ .Content }}
<p>{{ range .Params.tags }}<a href="/{{ $.Lang }}/tags/{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>
</article>
{{ end }}
""",
}


def hugo_toml():
    langs = []
    for weight, code in enumerate(LANGS, 1):
        name, _, direction = LANG_INFO[code]
        langs.append(
            f'[languages.{code}]\n  weight = {weight}\n  languageName = "{name}"\n'
            f'  languageDirection = "{direction}"\n'
        )
    return (
        """\
# Benchmark site (generated by bench/corpus.py). Set up to do the same work as senda:
# - minified HTML, relative links, robots.txt and a sitemap (senda always does these);
# - one feed per language on the home page only (senda: one Atom feed per language), so no RSS
#   for sections, taxonomies or terms.
# What differs and cannot be configured away: Hugo has no fallback between languages, so it
# renders a page only in the languages it is translated into (about 2.5 pages per source page),
# where senda renders every page in every language (5 per source page, the missing ones from
# the fallback chain). Hugo writes a redirect at the root where senda writes a language chooser.
baseURL = "https://bench.example.org/"
title = "Bench"
defaultContentLanguage = "es"
defaultContentLanguageInSubdir = true
relativeURLs = true
enableRobotsTXT = true
buildFuture = true   # senda publishes dated pages whatever the date

[taxonomies]
  tag = "tags"

[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]

[minify]
  minifyOutput = true

"""
        + "\n".join(langs)
    )


HUGO_FILES = {
    "layouts/_default/baseof.html": """\
<!doctype html>
<html lang="{{ .Site.Language.Lang }}" dir="{{ or .Site.Language.LanguageDirection "ltr" }}">
<head>
<meta charset="utf-8">
<title>{{ block "title" . }}{{ .Title }}{{ end }}</title>
</head>
<body>
<nav>{{ range .AllTranslations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Language.LanguageName }}</a> {{ end }}</nav>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
""",
    "layouts/index.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
    # Sections, the tag list and each tag's page (senda: section, taxonomy_list, taxonomy_single).
    "layouts/_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if eq .Kind "term" }} ({{ len .Pages }}){{ else }}{{ with .Description }} {{ . }}{{ end }}{{ end }}</li>{{ end }}</ul>
{{ end }}
""",
    "layouts/_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>{{ end }}
{{ .Content }}
<p>{{ range .Params.tags }}<a href="/{{ $.Lang }}/tags/{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>
</article>
{{ end }}
""",
    "layouts/404.html": """\
{{ define "main" }}<h1>404</h1>{{ end }}
""",
}


# ---------------------------------------------------------------------------------------------

def write(out, rel, text):
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="number of source (Spanish) pages")
    ap.add_argument("--out", required=True, help="the site folder to write")
    ap.add_argument("--tool", choices=("senda", "hugo"), required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--full", action="store_true",
        help="every page in all five languages, and templates that do a real theme's work",
    )
    args = ap.parse_args()
    if args.pages < 1:
        ap.error("--pages must be at least 1")
    if os.path.exists(args.out) and os.listdir(args.out):
        ap.error(f"{args.out} exists and is not empty")

    counts = {lang: 0 for lang in LANGS}
    for rel, text, links in plan(args.pages, args.seed, args.full):
        for k, target in enumerate(links):
            text = text.replace(f"\x00{k}\x00", link_syntax(args.tool, target))
        write(args.out, rel, text)
        if "/_index" not in rel:
            base = os.path.basename(rel)[:-3]
            counts[base.split(".")[1] if "." in base else "es"] += 1

    if args.tool == "senda":
        files = dict(SENDA_FILES, **FULL_SENDA_TEMPLATES) if args.full else SENDA_FILES
    else:
        files = dict(HUGO_FILES, **FULL_HUGO_LAYOUTS) if args.full else HUGO_FILES
        files = dict(files, **{"hugo.toml": hugo_toml()})
    for rel, text in files.items():
        write(args.out, rel, text)

    summary = ", ".join(f"{lang} {n}" for lang, n in counts.items())
    kind = "fully translated" if args.full else "partly translated"
    print(f"{args.out}: {args.tool} corpus, {args.pages} source pages, {kind} ({summary})", file=sys.stderr)


if __name__ == "__main__":
    main()
