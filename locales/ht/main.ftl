# Tèks entèfas tèm pa defo a, kreyòl ayisyen.
site-title = Enfòmasyon pou migran
site-tagline = Enfòmasyon gratis ou ka fè konfyans, pou moun k ap vwayaje nan Meksik ak Amerik Santral.
skip-to-content = Ale nan kontni an
languages-label = Lang
choose-language = Chwazi lang ou
all-languages = Tout lang yo
switcher-untranslated = pa tradui
fallback-notice = Paj sa a poko tradui nan lang ou. Nou montre li an { $language }.
home = Akèy
breadcrumbs = Kote ou ye
topics = Sijè
on-this-page = Nan paj sa a
reading-time = { $minutes ->
    [one] { $minutes } minit pou li
   *[other] { $minutes } minit pou li
}
section-count = { $count ->
    [one] { $count } paj
   *[other] { $count } paj
}
last-reviewed = Dènye verifikasyon: { $date }
footer-privacy = Sit sa a pa itilize cookies, epi li pa swiv ou.
footer-feed = Fil nouvèl
tags = Sijè
countries = Peyi
not-found-title = Nou pa jwenn paj la
not-found-text = Nou pa jwenn paj sa a. Petèt li chanje plas. Rekòmanse depi paj akèy la.
back-home = Ale nan paj akèy la

## Bann ijans
emergency-show = Nimewo ijans
emergency-more = Tout nimewo yo ak sa pou ou di

## Peyi yo
country-mx = Meksik
country-gt = Gwatemala
country-bz = Beliz
country-hn = Ondiras
country-sv = El Salvadò
country-cr = Kosta Rika
country-pa = Panama

## Sijè (etikèt)
tag-smuggling = Pasè (koyòt)
tag-trafficking = Trafik moun
tag-extortion = Ekstòsyon
tag-violence = Vyolans
tag-route-safety = Sekirite sou wout la
tag-documents = Dokiman
tag-rights = Dwa
tag-detention = Detansyon
tag-children = Timoun
tag-women = Fanm
tag-asylum = Azil
tag-regularization = Regilarizasyon
tag-health = Sante
tag-mental-health = Sante mantal
tag-emergency = Ijans
tag-reporting = Denonse abi
tag-information-centers = Sant enfòmasyon
tag-training = Fòmasyon
tag-cooperation = Kowoperasyon rejyonal
tag-news = Nouvèl

## Dat
date-long = { $day } { $month } { $year }
month-1 = janvye
month-2 = fevriye
month-3 = mas
month-4 = avril
month-5 = me
month-6 = jen
month-7 = jiyè
month-8 = out
month-9 = septanm
month-10 = oktòb
month-11 = novanm
month-12 = desanm
