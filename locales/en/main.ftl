# UI strings of the default theme, English.
site-title = Migration information hub
site-tagline = Free, reliable information for people on the move in Mexico and Central America.
skip-to-content = Skip to content
languages-label = Languages
language-menu = Language
choose-language = Choose your language
all-languages = All languages
switcher-untranslated = not translated
fallback-notice = This page is not yet translated into your language. It is shown in { $language }.
partial-notice = Some parts of this page are not yet translated into your language. Those parts are shown in { $language }.
home = Home
breadcrumbs = You are here
topics = Topics
on-this-page = On this page
reading-time = { $minutes ->
    [one] { $minutes } minute to read
   *[other] { $minutes } minutes to read
}
section-count = { $count ->
    [one] { $count } page
   *[other] { $count } pages
}
last-reviewed = Last reviewed: { $date }
footer-privacy = This site uses no cookies and does not track you.
footer-feed = News feed
tags = Topics
countries = Countries
not-found-title = Page not found
not-found-text = We could not find this page. It may have moved. Start again from the home page.
back-home = Go to the home page

## Emergency strip
emergency-show = Emergency numbers
emergency-more = All numbers and what to say

## Countries
country-mx = Mexico
country-gt = Guatemala
country-bz = Belize
country-hn = Honduras
country-sv = El Salvador
country-cr = Costa Rica
country-pa = Panama

## Topics (tags)
tag-smuggling = Smuggling
tag-trafficking = Human trafficking
tag-extortion = Extortion
tag-violence = Violence
tag-route-safety = Safety on the route
tag-documents = Documents
tag-rights = Rights
tag-detention = Detention
tag-children = Children
tag-women = Women
tag-asylum = Asylum
tag-regularization = Regularization
tag-health = Health
tag-mental-health = Mental health
tag-emergency = Emergencies
tag-reporting = Reporting abuse
tag-information-centers = Information centers
tag-training = Training
tag-cooperation = Regional cooperation
tag-news = News
tag-lgbtiq = LGBTIQ+ people
tag-family = Finding family
tag-return = Going home
tag-money = Money and scams
tag-identity = Identity and CURP

## Dates
date-long = { $month } { $day }, { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Services directory
directory-filter = Filter the directory
directory-by-country = By country
directory-by-kind = By type of service
directory-all = All countries and services
directory-count = { $count ->
    [one] { $count } service
   *[other] { $count } services
}
directory-examples-notice = { $count ->
    [one] This listing is an EXAMPLE, not a verified service. Check with an information center before you go.
   *[other] These { $count } listings are EXAMPLES, not verified services. Check with an information center before you go.
}
directory-example = Example, not verified
directory-phone = Phone
directory-address = Address
directory-hours = Hours
directory-services = Services
directory-languages = Languages spoken
directory-notes = Notes
directory-verified = Last verified
kind-information = Information center
kind-shelter = Shelter
kind-health = Health care
kind-legal = Legal help
kind-hotline = Help line
cost-free = Free
cost-low-cost = Low cost
hours-always = Open 24 hours, every day
days-range = { $first } to { $last }
day-mon = Monday
day-tue = Tuesday
day-wed = Wednesday
day-thu = Thursday
day-fri = Friday
day-sat = Saturday
day-sun = Sunday
service-orientation = Information and guidance
service-legal-advice = Legal advice
service-asylum-help = Help with asylum
service-shelter = A place to sleep
service-food = Food
service-health-care = Health care
service-psychosocial = Emotional support
service-phone-calls = Phone calls
service-internet = Internet
service-hygiene = Showers and hygiene
service-child-protection = Child protection
service-women-protection = Protection for women
service-emergency = Emergencies
language-es = Spanish
language-en = English
language-fr = French
language-ht = Haitian Creole
language-pt = Portuguese
language-ar = Arabic
language-quc = K'iche'
language-kek = Q'eqchi'
language-mam = Mam
language-cak = Kaqchikel

## Search
search-label = Search
search-placeholder = Search, for example: asylum
search-button = Search
search-title = Search
search-results = { $count ->
    [one] 1 result for “{ $query }”
   *[other] { $count } results for “{ $query }”
}
search-none = No results for “{ $query }”. Try another word, or look at all topics below.
search-az = All topics from A to Z
search-needs-js = Searching needs JavaScript. Here are all topics from A to Z instead.

## Offline
offline-save = Save this language for use without internet ({ $size })
offline-saving = Saving… { $done } of { $total }
offline-saved = Saved. You can read these pages without internet.
offline-failed = Saving stopped. Check your connection and try again.
offline-title = You are offline
offline-text = This page is not saved on this device. Pages you opened before still work without internet.
site-short-name = Migrant info

## Listen
listen = Listen
listen-stop = Stop

## Quick exit and safety
quick-exit = Exit this page
quick-exit-help = Leave this site quickly. It does not delete your history.
safety-link = How to stay safe online

## Kiosk
kiosk-touch-start = Touch to start
kiosk-back = Back
text-smaller = Smaller text
text-larger = Larger text
qr-caption = Scan with your phone to open this page
qr-call = Scan to call { $number }
qr-link = Scan to open this link on your phone
print-page = Print this page
idle-title = Are you still there?
idle-text = { $seconds ->
    [one] The screen goes back to the start in { $seconds } second.
   *[other] The screen goes back to the start in { $seconds } seconds.
}
idle-still-here = I'm still here
