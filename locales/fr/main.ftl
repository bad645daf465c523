# Textes de l'interface du thème par défaut, français.
site-title = Information pour les personnes migrantes
site-tagline = Une information gratuite et fiable pour les personnes en déplacement au Mexique et en Amérique centrale.
skip-to-content = Aller au contenu
languages-label = Langues
language-menu = Langue
choose-language = Choisissez votre langue
all-languages = Toutes les langues
switcher-untranslated = non traduit
fallback-notice = Cette page n'est pas encore traduite dans votre langue. Elle est affichée en { $language }.
partial-notice = Certaines parties de cette page ne sont pas encore traduites dans votre langue. Ces parties sont affichées en { $language }.
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
emergency-show = Numéros d'urgence
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
tag-smuggling = Passeurs et trafic de migrants
tag-trafficking = Traite des personnes
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
tag-reporting = Porter plainte
tag-information-centers = Centres d'information
tag-training = Formation
tag-cooperation = Coopération régionale
tag-news = Actualités
tag-lgbtiq = Personnes LGBTIQ+
tag-family = Retrouver votre famille
tag-return = Rentrer dans votre pays
tag-money = Argent et arnaques
tag-identity = Identité et CURP

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

## Annuaire des services
directory-filter = Filtrer l'annuaire
directory-by-country = Par pays
directory-by-kind = Par type de service
directory-all = Tous les pays et services
directory-count = { $count ->
    [one] { $count } service
   *[other] { $count } services
}
directory-examples-notice = { $count ->
    [one] Cette fiche est un EXEMPLE, pas un service vérifié. Vérifiez auprès d'un centre d'information avant d'y aller.
   *[other] Ces { $count } fiches sont des EXEMPLES, pas des services vérifiés. Vérifiez auprès d'un centre d'information avant d'y aller.
}
directory-example = Exemple, non vérifié
directory-phone = Téléphone
directory-address = Adresse
directory-hours = Horaires
directory-services = Services
directory-languages = Langues parlées
directory-notes = Remarques
directory-verified = Dernière vérification
kind-information = Centre d'information
kind-shelter = Foyer d'accueil
kind-health = Soins de santé
kind-legal = Aide juridique
kind-hotline = Ligne d'aide
cost-free = Gratuit
cost-low-cost = Prix réduit
hours-always = Ouvert 24 heures par jour, tous les jours
days-range = du { $first } au { $last }
day-mon = lundi
day-tue = mardi
day-wed = mercredi
day-thu = jeudi
day-fri = vendredi
day-sat = samedi
day-sun = dimanche
service-orientation = Information et orientation
service-legal-advice = Conseil juridique
service-asylum-help = Aide pour demander l'asile
service-shelter = Un lieu pour dormir
service-food = Nourriture
service-health-care = Soins de santé
service-psychosocial = Soutien émotionnel
service-phone-calls = Appels téléphoniques
service-internet = Internet
service-hygiene = Douches et hygiène
service-child-protection = Protection de l'enfance
service-women-protection = Protection des femmes
service-emergency = Urgences
language-es = espagnol
language-en = anglais
language-fr = français
language-ht = créole haïtien
language-pt = portugais
language-ar = arabe
language-quc = k'iche'
language-kek = q'eqchi'
language-mam = mam
language-cak = kaqchikel

## Recherche
search-label = Rechercher
search-placeholder = Rechercher, par exemple : asile
search-button = Rechercher
search-title = Recherche
search-results = { $count ->
    [one] { $count } résultat pour « { $query } »
   *[other] { $count } résultats pour « { $query } »
}
search-none = Aucun résultat pour « { $query } ». Essayez un autre mot, ou regardez tous les thèmes ci-dessous.
search-az = Tous les thèmes de A à Z
search-needs-js = La recherche a besoin de JavaScript. Voici tous les thèmes de A à Z.

## Hors ligne
offline-save = Enregistrer cette langue pour l'utiliser sans internet ({ $size })
offline-saving = Enregistrement… { $done } sur { $total }
offline-saved = C'est fait. Vous pouvez lire ces pages sans internet.
offline-failed = L'enregistrement s'est arrêté. Vérifiez votre connexion et réessayez.
offline-title = Vous êtes hors ligne
offline-text = Cette page n'est pas enregistrée sur ce téléphone. Les pages que vous avez déjà ouvertes marchent sans internet.
site-short-name = Info migrants

## Écouter
listen = Écouter
listen-stop = Arrêter

## Sortie rapide et sécurité
quick-exit = Quitter cette page
quick-exit-help = Quittez vite ce site. Cela n'efface pas votre historique.
safety-link = Comment vous protéger sur internet

## Borne
kiosk-touch-start = Touchez pour commencer
kiosk-back = Retour
text-smaller = Texte plus petit
text-larger = Texte plus grand
qr-caption = Scannez avec votre téléphone pour ouvrir cette page
qr-call = Scannez pour appeler le { $number }
qr-link = Scannez pour ouvrir ce lien sur votre téléphone
print-page = Imprimer cette page
idle-title = Vous êtes toujours là ?
idle-text = { $seconds ->
    [one] L'écran revient au début dans { $seconds } seconde.
   *[other] L'écran revient au début dans { $seconds } secondes.
}
idle-still-here = Je suis toujours là
