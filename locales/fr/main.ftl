# Textes de l'interface du thème par défaut, français.
site-title = Information pour les personnes migrantes
site-tagline = Une information gratuite et fiable pour les personnes en déplacement au Mexique et en Amérique centrale.
skip-to-content = Aller au contenu
languages-label = Langues
choose-language = Choisissez votre langue
all-languages = Toutes les langues
switcher-untranslated = non traduit
fallback-notice = Cette page n'est pas encore traduite dans votre langue. Elle est affichée en { $language }.
home = Accueil
breadcrumbs = Vous êtes ici
topics = Thèmes
on-this-page = Sur cette page
reading-time = { $minutes ->
    [one] { $minutes } minute de lecture
   *[other] { $minutes } minutes de lecture
}
section-count = { $count ->
    [one] { $count } page
   *[other] { $count } pages
}
last-reviewed = Dernière vérification : { $date }
footer-privacy = Ce site n'utilise pas de cookies et ne vous suit pas.
footer-feed = Fil d'actualités
tags = Thèmes
countries = Pays
not-found-title = Page introuvable
not-found-text = Nous n'avons pas trouvé cette page. Elle a peut-être changé de place. Recommencez depuis la page d'accueil.
back-home = Aller à la page d'accueil

## Bandeau d'urgence
emergency-show = Numéros d’urgence
emergency-more = Tous les numéros et quoi dire

## Pays
country-mx = Mexique
country-gt = Guatemala
country-bz = Belize
country-hn = Honduras
country-sv = Salvador
country-cr = Costa Rica
country-pa = Panama

## Thèmes (étiquettes)
tag-smuggling = Trafic de migrants (passeurs)
tag-trafficking = Traite des êtres humains
tag-extortion = Extorsion
tag-violence = Violence
tag-route-safety = Sécurité sur la route
tag-documents = Documents
tag-rights = Droits
tag-detention = Détention
tag-children = Enfants et adolescents
tag-women = Femmes
tag-asylum = Asile
tag-regularization = Régularisation
tag-health = Santé
tag-mental-health = Santé mentale
tag-emergency = Urgences
tag-reporting = Signaler des abus
tag-information-centers = Centres d'information
tag-training = Formation
tag-cooperation = Coopération régionale
tag-news = Actualités

## Dates
date-long = { $day } { $month } { $year }
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
