# Tèks ki parèt sou sit la (tèm pa defo a), an kreyòl ayisyen.
site-title = Enfòmasyon pou migran
site-tagline = Enfòmasyon gratis ou ka fè konfyans, pou moun k ap vwayaje nan Meksik ak Amerik Santral.
skip-to-content = Ale tou dwat nan tèks la
languages-label = Lang
language-menu = Lang
choose-language = Chwazi lang ou
all-languages = Tout lang yo
switcher-untranslated = poko tradui
fallback-notice = Paj sa a poko tradui nan lang ou. Nou montre li an { $language }.
partial-notice = Gen kèk pati nan paj sa a ki poko tradui nan lang ou. Nou montre pati sa yo an { $language }.
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
footer-privacy = Sit sa a pa sèvi ak cookies, epi li pa swiv ou.
footer-feed = Nouvèl (feed)
tags = Sijè
countries = Peyi
not-found-title = Nou pa jwenn paj la
not-found-text = Nou pa jwenn paj sa a. Petèt li chanje plas. Rekòmanse depi paj akèy la.
back-home = Ale nan paj akèy la

## Bann ijans
emergency-show = Nimewo ijans
emergency-more = Tout nimewo yo, ak sa pou w di

## Peyi yo
country-mx = Meksik
country-gt = Gwatemala
country-bz = Beliz
country-hn = Ondiras
country-sv = El Salvadò
country-cr = Kosta Rika
country-pa = Panama

## Sijè (etikèt)
tag-smuggling = Koyòt (pasaj an kachèt)
tag-trafficking = Trafik moun
tag-extortion = Ekstòsyon
tag-violence = Vyolans
tag-route-safety = Sekirite sou wout la
tag-documents = Papye ak dokiman
tag-rights = Dwa
tag-detention = Lè yo arete w
tag-children = Timoun ak adolesan
tag-women = Fanm
tag-asylum = Azil
tag-regularization = Regilarizasyon (jwenn papye)
tag-health = Sante
tag-mental-health = Sante mantal
tag-emergency = Ijans
tag-reporting = Pote plent pou abi
tag-information-centers = Sant enfòmasyon
tag-training = Fòmasyon
tag-cooperation = Kowoperasyon ant peyi yo
tag-news = Nouvèl
tag-lgbtiq = Moun LGBTIQ+
tag-family = Chèche fanmi w
tag-return = Retounen nan peyi w
tag-money = Lajan ak twonpri
tag-identity = Idantite ak CURP

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

## Lis sèvis yo
directory-filter = Chwazi yon peyi oswa yon kalite sèvis
directory-by-country = Dapre peyi
directory-by-kind = Dapre kalite sèvis
directory-all = Tout peyi ak tout sèvis
directory-count = { $count ->
    [one] { $count } sèvis
   *[other] { $count } sèvis
}
directory-examples-notice = { $count ->
    [one] Enfòmasyon sa a se yon EGZANP, se pa yon sèvis nou verifye. Tcheke sa nan yon sant enfòmasyon anvan ou ale.
   *[other] { $count } enfòmasyon sa yo se EGZANP, se pa sèvis nou verifye. Tcheke sa nan yon sant enfòmasyon anvan ou ale.
}
directory-example = Egzanp, pa verifye
directory-phone = Telefòn
directory-address = Adrès
directory-hours = Lè louvri
directory-services = Sèvis
directory-languages = Lang yo pale
directory-notes = Nòt
directory-verified = Dènye verifikasyon
kind-information = Sant enfòmasyon
kind-shelter = Abri pou migran
kind-health = Swen sante
kind-legal = Èd legal
kind-hotline = Liy èd
cost-free = Gratis
cost-low-cost = Pa chè
hours-always = Louvri lajounen kou lannwit, chak jou
days-range = soti { $first } rive { $last }
day-mon = lendi
day-tue = madi
day-wed = mèkredi
day-thu = jedi
day-fri = vandredi
day-sat = samdi
day-sun = dimanch
service-orientation = Enfòmasyon ak konsèy
service-legal-advice = Konsèy legal
service-asylum-help = Èd pou mande azil
service-shelter = Yon kote pou dòmi
service-food = Manje
service-health-care = Swen sante
service-psychosocial = Sipò pou emosyon (sikososyal)
service-phone-calls = Apèl telefòn
service-internet = Entènèt
service-hygiene = Douch ak lijyèn
service-child-protection = Pwoteksyon timoun
service-women-protection = Pwoteksyon pou fanm
service-emergency = Ijans
language-es = panyòl
language-en = angle
language-fr = franse
language-ht = kreyòl ayisyen
language-pt = pòtigè
language-ar = arab
language-quc = k'iche'
language-kek = q'eqchi'
language-mam = mam
language-cak = kaqchikel

## Rechèch
search-label = Chèche
search-placeholder = Chèche, pa egzanp: azil
search-button = Chèche
search-title = Rechèch
search-results = { $count ->
    [one] { $count } rezilta pou “{ $query }”
   *[other] { $count } rezilta pou “{ $query }”
}
search-none = Pa gen rezilta pou “{ $query }”. Eseye yon lòt mo, oswa gade tout sijè yo anba a.
search-az = Tout sijè yo, soti A rive Z
search-needs-js = Pou w chèche, navigatè a bezwen JavaScript. Men tout sijè yo, soti A rive Z.

## San entènèt
offline-save = Sere lang sa a pou w sèvi avè l san entènèt ({ $size })
offline-saving = N ap sere… { $done } sou { $total }
offline-saved = Li fini. Ou ka li paj sa yo san entènèt.
offline-failed = Nou pa t ka fin sere yo. Tcheke entènèt ou, epi eseye ankò.
offline-title = Ou pa gen entènèt
offline-text = Paj sa a pa sere nan telefòn sa a. Paj ou te deja louvri yo mache san entènèt.
site-short-name = Enfo migran

## Koute
listen = Koute
listen-stop = Kanpe

## Soti vit ak sekirite
quick-exit = Kite paj sa a
quick-exit-help = Soti vit nan sit sa a. Sa pa efase istorik ou.
safety-link = Kijan pou w pwoteje tèt ou sou entènèt

## Kyòs
kiosk-touch-start = Touche pou kòmanse
kiosk-back = Retounen
text-smaller = Ekriti pi piti
text-larger = Ekriti pi gwo
qr-caption = Eskane ak telefòn ou pou louvri paj sa a
qr-call = Eskane pou rele { $number }
qr-link = Eskane pou louvri lyen sa a sou telefòn ou
print-page = Enprime paj sa a
idle-title = Ou la toujou?
idle-text = { $seconds ->
    [one] Ekran an ap retounen nan kòmansman nan { $seconds } segonn.
   *[other] Ekran an ap retounen nan kòmansman nan { $seconds } segonn.
}
idle-still-here = Mwen la toujou
