# Textos de la interfaz del tema por defecto, español.
site-title = Información para personas migrantes
site-tagline = Información gratuita y confiable para personas en movimiento en México y Centroamérica.
skip-to-content = Ir al contenido
languages-label = Idiomas
choose-language = Elige tu idioma
all-languages = Todos los idiomas
switcher-untranslated = sin traducir
fallback-notice = Esta página aún no está traducida a tu idioma. Se muestra en { $language }.
breadcrumbs = Estás aquí
topics = Temas
on-this-page = En esta página
reading-time = { $minutes ->
    [one] { $minutes } minuto de lectura
   *[other] { $minutes } minutos de lectura
}
section-count = { $count ->
    [one] { $count } página
   *[other] { $count } páginas
}
last-reviewed = Última revisión: { $date }
footer-privacy = Este sitio no usa cookies y no te sigue.
footer-feed = Noticias (feed)
tags = Temas
countries = Países
not-found-title = Página no encontrada
not-found-text = No encontramos esta página. Puede que haya cambiado de lugar. Empieza de nuevo desde el inicio.
back-home = Ir al inicio

## Franja de emergencia
emergency = Emergencias
emergency-numbers = Números de emergencia
emergency-more = Todos los números y qué decir

## Países
country-mx = México
country-gt = Guatemala
country-bz = Belice
country-hn = Honduras
country-sv = El Salvador
country-cr = Costa Rica
country-pa = Panamá

## Temas (etiquetas)
tag-smuggling = Tráfico de personas (coyotes)
tag-trafficking = Trata de personas
tag-extortion = Extorsión
tag-violence = Violencia
tag-route-safety = Seguridad en el camino
tag-documents = Documentos
tag-rights = Derechos
tag-detention = Detención
tag-children = Niñas, niños y adolescentes
tag-women = Mujeres
tag-asylum = Asilo
tag-regularization = Regularización
tag-health = Salud
tag-mental-health = Salud mental
tag-emergency = Emergencias
tag-reporting = Denunciar abusos
tag-information-centers = Centros de información
tag-training = Capacitación
tag-cooperation = Cooperación regional
tag-news = Noticias

## Fechas
date-long = { $day } de { $month } de { $year }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
