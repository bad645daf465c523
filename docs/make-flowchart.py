#!/usr/bin/env python3
"""Draws the hub's "where to get care" flowchart, one SVG per language, into
content/health/where-to-get-care/ (flow.svg for Spanish, flow.LANG.svg for the others).
The steps are the page's own (content/health/where-to-get-care/index*.md), which repeats them
as a numbered list under the image. Run it again after changing a text below:

    python3 docs/make-flowchart.py

Drawn for a phone: 360 units wide, text at 15 units (about 14 px on a 360 px screen).
Licence: the same as the hub's content (drawn for senda, no third-party material)."""

import html
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "content", "health", "where-to-get-care")

T = {
    "es": dict(
        q="¿Es una emergencia?",
        qs="Por ejemplo: no puede respirar, sangra mucho, dolor fuerte en el pecho, se desmaya.",
        yes="Sí", no="No",
        e="Llama a un número de emergencia ahora.",
        es=["México, Honduras, Costa Rica y Panamá: 911.", "Guatemala, Cruz Roja: 125.", "Otros países: mira los números de emergencia."],
        a="Pregunta a dónde ir en un centro de información o en un albergue.",
        b="Llama antes de ir y pregunta:",
        bs=["¿Atienden sin documentos?", "¿Cuesta algo? ¿Qué horario tienen?", "¿Hablan tu idioma o hay intérprete?"],
        c="Lleva tus recetas, tus medicinas y una copia de tu documento, si la tienes. Sin documentos, ve de todas formas y pregunta.",
        title="Dónde recibir atención médica: los pasos",
    ),
    "en": dict(
        q="Is it an emergency?",
        qs="For example: cannot breathe, heavy bleeding, strong chest pain, fainting.",
        yes="Yes", no="No",
        e="Call an emergency number now.",
        es=["Mexico, Honduras, Costa Rica and Panama: 911.", "Guatemala, Red Cross: 125.", "Other countries: see the emergency numbers."],
        a="Ask at an information center or a shelter where to go.",
        b="Call before you go and ask:",
        bs=["Do you see people without documents?", "Does it cost anything? What hours?", "Do you speak my language, or is there an interpreter?"],
        c="Bring your prescriptions, your medicines and a copy of your ID, if you have one. No documents? Go anyway and ask.",
        title="Where to get health care: the steps",
    ),
    "fr": dict(
        q="Est-ce une urgence ?",
        qs="Par exemple : ne peut pas respirer, saigne beaucoup, forte douleur dans la poitrine, s’évanouit.",
        yes="Oui", no="Non",
        e="Appelez un numéro d’urgence tout de suite.",
        es=["Mexique, Honduras, Costa Rica et Panama : 911.", "Guatemala, Croix-Rouge : 125.", "Autres pays : voyez les numéros d’urgence."],
        a="Demandez où aller dans un centre d’information ou un foyer d’accueil.",
        b="Appelez avant d’y aller et demandez :",
        bs=["Recevez-vous les personnes sans papiers ?", "Est-ce payant ? Quels horaires ?", "Parlez-vous ma langue ? Y a-t-il un interprète ?"],
        c="Prenez vos ordonnances, vos médicaments et une copie de votre pièce d’identité, si vous en avez une. Sans papiers, allez-y quand même et demandez.",
        title="Où recevoir des soins : les étapes",
    ),
    "ht": dict(
        q="Èske se yon ijans?",
        qs="Pa egzanp: li pa ka respire, l ap senyen anpil, li gen gwo doulè nan pwatrin, li endispoze.",
        yes="Wi", no="Non",
        e="Rele yon nimewo ijans kounye a.",
        es=["Meksik, Ondiras, Kosta Rika ak Panama: 911.", "Gwatemala, Kwa Wouj: 125.", "Lòt peyi: gade nimewo ijans yo."],
        a="Mande nan yon sant enfòmasyon oswa nan yon abri ki kote pou w ale.",
        b="Rele anvan ou ale, epi mande:",
        bs=["Èske nou okipe moun ki pa gen papye?", "Èske sa koute kòb? Ki lè nou louvri?", "Èske nou pale lang mwen, oswa gen yon entèprèt?"],
        c="Pote preskripsyon ou, medikaman ou ak yon fotokopi kat idantite w, si ou genyen l. Si ou pa gen papye, ale kanmenm, epi mande.",
        title="Ki kote pou w jwenn swen: etap yo",
    ),
    "ar": dict(
        q="هل هي حالة طوارئ؟",
        qs="مثلًا: لا يستطيع التنفس، نزيف شديد، ألم قوي في الصدر، إغماء.",
        yes="نعم", no="لا",
        e="اتصلوا برقم طوارئ الآن.",
        es=["المكسيك، هندوراس، كوستاريكا، بنما: 911.", "غواتيمالا، الصليب الأحمر: 125.", "دول أخرى: انظروا أرقام الطوارئ."],
        a="اسألوا في مركز معلومات أو في مأوى إلى أين تذهبون.",
        b="اتصلوا قبل أن تذهبوا واسألوا:",
        bs=["هل تقدّمون الرعاية لمن ليست معه وثائق؟", "هل يكلّف ذلك شيئًا؟ ما ساعات العمل؟", "هل تتكلمون لغتي، أو هل يوجد مترجم؟"],
        c="احملوا وصفاتكم الطبية وأدويتكم ونسخة من وثيقة هويتكم إن كانت معكم. إذا لم تكن معكم وثائق، اذهبوا مع ذلك واسألوا.",
        title="أين تحصلون على الرعاية الطبية: الخطوات",
    ),
}

W = 360
FONT = 15
LINE = 20


def wrap(text, width_units, size=FONT, arabic=False, bold=False):
    per = (0.50 if not arabic else 0.47) + (0.05 if bold else 0.0)
    limit = max(10, int(width_units / (size * per)))
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > limit:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    return lines


def draw(lang, t):
    rtl = lang == "ar"
    out = []
    y = 10

    def box(x, w, lines_spec, fill, stroke):
        nonlocal y
        # lines_spec: list of (text, bold, size)
        rows = []
        for text, bold, size in lines_spec:
            for line in wrap(text, w - 24, size, rtl, bold):
                rows.append((line, bold, size))
        h = 14 + sum(LINE if s == FONT else LINE - 3 for _, _, s in rows) + 6
        out.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="10" fill="{fill}" stroke="{stroke}" stroke-width="2"/>')
        ty = y + 8
        for line, bold, size in rows:
            ty += LINE if size == FONT else LINE - 3
            tx = x + w - 12 if rtl else x + 12
            weight = ' font-weight="700"' if bold else ""
            out.append(f'<text x="{tx}" y="{ty - 5}" font-size="{size}"{weight}>{html.escape(line)}</text>')
        top = y
        y += h
        return top, h

    def arrow(x, y1, y2):
        out.append(f'<path d="M{x} {y1}V{y2 - 8}" stroke="#1a1a1a" stroke-width="2.5" fill="none" marker-end="url(#arrow)"/>')

    def mx(x):
        return W - x if rtl else x

    # 1. The question.
    q_top, q_h = box(10, 340, [(t["q"], True, 17), (t["qs"], False, 14)], "#fff4d6", "#b7791f")
    q_bottom = q_top + q_h
    # Yes: the emergency box, set in from the side of the "No" line.
    y = q_bottom + 34
    e_x = 10 if rtl else 70
    e_top, e_h = box(e_x, 280, [(t["e"], True, FONT)] + [(s, False, 14) for s in t["es"]], "#fde8e8", "#a4161a")
    arrow(mx(210), q_bottom, e_top)
    out.append(f'<text x="{mx(220)}" y="{q_bottom + 23}" font-size="15" font-weight="700" fill="#a4161a">{html.escape(t["yes"])}</text>')
    # No: down the side to the steps.
    y = e_top + e_h + 30
    a_top, a_h = box(10, 340, [(t["a"], True, FONT)], "#e8f0fb", "#0b4f9c")
    arrow(mx(36), q_bottom, a_top)
    out.append(f'<text x="{mx(44)}" y="{q_bottom + 23}" font-size="15" font-weight="700" fill="#0b4f9c">{html.escape(t["no"])}</text>')
    y = a_top + a_h + 26
    b_top, b_h = box(10, 340, [(t["b"], True, FONT)] + [("• " + s, False, 14) for s in t["bs"]], "#e8f0fb", "#0b4f9c")
    arrow(W // 2, a_top + a_h, b_top)
    y = b_top + b_h + 26
    c_top, c_h = box(10, 340, [(t["c"], True, FONT)], "#e6f4ee", "#0b6e4f")
    arrow(W // 2, b_top + b_h, c_top)
    height = c_top + c_h + 10

    direction = ' direction="rtl"' if rtl else ""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" viewBox="0 0 {W} {height}" '
        f'font-family="system-ui, \'Noto Sans\', \'Noto Sans Arabic\', sans-serif" fill="#1a1a1a"{direction} role="img">\n'
        f"<title>{html.escape(t['title'])}</title>\n"
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">'
        '<path d="M0 0L10 5L0 10z" fill="#1a1a1a"/></marker></defs>\n'
    )
    return head + "\n".join(out) + "\n</svg>\n"


for lang, t in T.items():
    name = "flow.svg" if lang == "es" else f"flow.{lang}.svg"
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(draw(lang, t))
    print(name)
