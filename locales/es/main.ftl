# Textos de la interfaz del tema por defecto, español.
site-title = Información para personas migrantes
site-tagline = Información gratuita y confiable para personas en movimiento en México y Centroamérica.
skip-to-content = Ir al contenido
languages-label = Idiomas
language-menu = Idioma
choose-language = Elige tu idioma
all-languages = Todos los idiomas
switcher-untranslated = sin traducir
fallback-notice = Esta página aún no está traducida a tu idioma. Se muestra en { $language }.
partial-notice = Algunas partes de esta página aún no están traducidas a tu idioma. Esas partes se muestran en { $language }.
home = Inicio
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
emergency-show = Números de emergencia
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
tag-lgbtiq = Personas LGBTIQ+
tag-family = Buscar a tu familia
tag-return = Volver a tu país
tag-money = Dinero y estafas
tag-identity = Identidad y CURP

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

## Directorio de servicios
directory-filter = Filtrar el directorio
directory-by-country = Por país
directory-by-kind = Por tipo de servicio
directory-all = Todos los países y servicios
directory-count = { $count ->
    [one] { $count } servicio
   *[other] { $count } servicios
}
directory-examples-notice = { $count ->
    [one] Este dato es un EJEMPLO, no un servicio verificado. Confirma en un centro de información antes de ir.
   *[other] Estos { $count } datos son EJEMPLOS, no servicios verificados. Confirma en un centro de información antes de ir.
}
directory-example = Ejemplo, no verificado
directory-phone = Teléfono
directory-address = Dirección
directory-hours = Horario
directory-services = Servicios
directory-languages = Idiomas que hablan
directory-notes = Notas
directory-verified = Última verificación
kind-information = Centro de información
kind-shelter = Albergue
kind-health = Salud
kind-legal = Apoyo legal
kind-hotline = Línea de ayuda
cost-free = Gratis
cost-low-cost = Bajo costo
hours-always = Abierto las 24 horas, todos los días
days-range = de { $first } a { $last }
day-mon = lunes
day-tue = martes
day-wed = miércoles
day-thu = jueves
day-fri = viernes
day-sat = sábado
day-sun = domingo
service-orientation = Información y orientación
service-legal-advice = Asesoría legal
service-asylum-help = Ayuda para pedir asilo
service-shelter = Lugar para dormir
service-food = Comida
service-health-care = Atención de salud
service-psychosocial = Apoyo emocional
service-phone-calls = Llamadas telefónicas
service-internet = Internet
service-hygiene = Regaderas e higiene
service-child-protection = Protección de la niñez
service-women-protection = Protección para mujeres
service-emergency = Emergencias
language-es = español
language-en = inglés
language-fr = francés
language-ht = criollo haitiano
language-pt = portugués
language-ar = árabe
language-quc = k'iche'
language-kek = q'eqchi'
language-mam = mam
language-cak = kaqchikel

## Búsqueda
search-label = Buscar
search-placeholder = Busca, por ejemplo: asilo
search-button = Buscar
search-title = Buscar
search-results = { $count ->
    [one] 1 resultado para “{ $query }”
   *[other] { $count } resultados para “{ $query }”
}
search-none = No hay resultados para “{ $query }”. Prueba otra palabra o mira todos los temas abajo.
search-az = Todos los temas de la A a la Z
search-needs-js = Para buscar se necesita JavaScript. Aquí tienes todos los temas de la A a la Z.

## Sin conexión
offline-save = Guardar este idioma para usarlo sin internet ({ $size })
offline-saving = Guardando… { $done } de { $total }
offline-saved = Listo. Puedes leer estas páginas sin internet.
offline-failed = Se detuvo el guardado. Revisa tu conexión e inténtalo de nuevo.
offline-title = No tienes conexión
offline-text = Esta página no está guardada en este teléfono. Las páginas que ya abriste funcionan sin internet.
site-short-name = Info migrantes

## Escuchar
listen = Escuchar
listen-stop = Detener

## Salida rápida y seguridad
quick-exit = Salir de esta página
quick-exit-help = Sal rápido de este sitio. No borra tu historial.
safety-link = Cómo protegerte en internet

## Quiosco
kiosk-touch-start = Toca para empezar
kiosk-back = Atrás
text-smaller = Letra más pequeña
text-larger = Letra más grande
qr-caption = Escanea con tu teléfono para abrir esta página
qr-call = Escanea para llamar al { $number }
qr-link = Escanea para abrir este enlace en tu teléfono
print-page = Imprimir esta página
idle-title = ¿Sigues ahí?
idle-text = { $seconds ->
    [one] La pantalla vuelve al inicio en { $seconds } segundo.
   *[other] La pantalla vuelve al inicio en { $seconds } segundos.
}
idle-still-here = Sigo aquí
