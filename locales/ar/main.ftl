# نصوص واجهة القالب الافتراضي، باللغة العربية.
site-title = معلومات للمهاجرين
site-tagline = معلومات مجانية وموثوقة للأشخاص المتنقلين في المكسيك وأمريكا الوسطى.
skip-to-content = انتقل إلى المحتوى
languages-label = اللغات
choose-language = اختر لغتك
all-languages = كل اللغات
switcher-untranslated = غير مترجمة
fallback-notice = هذه الصفحة غير مترجمة إلى لغتك بعد. تظهر هنا بلغة: { $language }.
home = الرئيسية
breadcrumbs = أنت هنا
topics = المواضيع
on-this-page = في هذه الصفحة
reading-time = { $minutes ->
    [zero] أقل من دقيقة للقراءة
    [one] دقيقة واحدة للقراءة
    [two] دقيقتان للقراءة
    [few] { $minutes } دقائق للقراءة
    [many] { $minutes } دقيقة للقراءة
   *[other] { $minutes } دقيقة للقراءة
}
section-count = { $count ->
    [zero] لا توجد صفحات
    [one] صفحة واحدة
    [two] صفحتان
    [few] { $count } صفحات
    [many] { $count } صفحة
   *[other] { $count } صفحة
}
last-reviewed = آخر مراجعة: { $date }
footer-privacy = هذا الموقع لا يستخدم ملفات تعريف الارتباط (الكوكيز) ولا يتتبعك.
footer-feed = موجز الأخبار
tags = المواضيع
countries = الدول
not-found-title = الصفحة غير موجودة
not-found-text = لم نجد هذه الصفحة. ربما نُقلت إلى مكان آخر. ابدأ من جديد من الصفحة الرئيسية.
back-home = اذهب إلى الصفحة الرئيسية

## شريط الطوارئ
emergency-show = أرقام الطوارئ
emergency-more = كل الأرقام وماذا تقول

## الدول
country-mx = المكسيك
country-gt = غواتيمالا
country-bz = بليز
country-hn = هندوراس
country-sv = السلفادور
country-cr = كوستاريكا
country-pa = بنما

## المواضيع (الوسوم)
tag-smuggling = تهريب المهاجرين
tag-trafficking = الاتجار بالبشر
tag-extortion = الابتزاز
tag-violence = العنف
tag-route-safety = السلامة في الطريق
tag-documents = الوثائق
tag-rights = الحقوق
tag-detention = الاحتجاز
tag-children = الأطفال
tag-women = النساء
tag-asylum = اللجوء
tag-regularization = تسوية الوضع القانوني
tag-health = الصحة
tag-mental-health = الصحة النفسية
tag-emergency = حالات الطوارئ
tag-reporting = الإبلاغ عن الإساءة
tag-information-centers = مراكز المعلومات
tag-training = التدريب
tag-cooperation = التعاون الإقليمي
tag-news = الأخبار
tag-lgbtiq = مجتمع الميم (LGBTIQ+)
tag-family = البحث عن العائلة
tag-return = العودة إلى بلدك
tag-money = المال والاحتيال
tag-identity = الهوية ورقم CURP

## التواريخ
date-long = { $day } { $month } { $year }
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر

## دليل الخدمات
directory-filter = تصفية الدليل
directory-by-country = حسب الدولة
directory-by-kind = حسب نوع الخدمة
directory-all = كل الدول والخدمات
directory-count = { $count ->
    [zero] لا توجد خدمات
    [one] خدمة واحدة
    [two] خدمتان
    [few] { $count } خدمات
    [many] { $count } خدمة
   *[other] { $count } خدمة
}
directory-examples-notice = { $count ->
    [zero] هذه المعلومات أمثلة فقط، وليست خدمات موثّقة. تأكد منها في مركز معلومات قبل أن تذهب.
    [one] هذه المعلومة مثال فقط، وليست خدمة موثّقة. تأكد منها في مركز معلومات قبل أن تذهب.
    [two] هاتان المعلومتان مثالان فقط، وليستا خدمتين موثّقتين. تأكد منهما في مركز معلومات قبل أن تذهب.
    [few] هذه المعلومات وعددها { $count } أمثلة فقط، وليست خدمات موثّقة. تأكد منها في مركز معلومات قبل أن تذهب.
    [many] هذه المعلومات وعددها { $count } أمثلة فقط، وليست خدمات موثّقة. تأكد منها في مركز معلومات قبل أن تذهب.
   *[other] هذه المعلومات وعددها { $count } أمثلة فقط، وليست خدمات موثّقة. تأكد منها في مركز معلومات قبل أن تذهب.
}
directory-example = مثال، غير موثّق
directory-phone = الهاتف
directory-address = العنوان
directory-hours = ساعات العمل
directory-services = الخدمات
directory-languages = اللغات المستخدمة
directory-notes = ملاحظات
directory-verified = آخر تحقق
kind-information = مركز معلومات
kind-shelter = مأوى
kind-health = رعاية صحية
kind-legal = مساعدة قانونية
kind-hotline = خط مساعدة
cost-free = مجاني
cost-low-cost = تكلفة منخفضة
hours-always = مفتوح 24 ساعة، كل يوم
days-range = من { $first } إلى { $last }
day-mon = الاثنين
day-tue = الثلاثاء
day-wed = الأربعاء
day-thu = الخميس
day-fri = الجمعة
day-sat = السبت
day-sun = الأحد
service-orientation = معلومات وإرشاد
service-legal-advice = استشارة قانونية
service-asylum-help = مساعدة في طلب اللجوء
service-shelter = مكان للنوم
service-food = طعام
service-health-care = رعاية صحية
service-psychosocial = دعم نفسي
service-phone-calls = مكالمات هاتفية
service-internet = إنترنت
service-hygiene = استحمام ونظافة شخصية
service-child-protection = حماية الأطفال
service-women-protection = حماية النساء
service-emergency = حالات الطوارئ
language-es = الإسبانية
language-en = الإنجليزية
language-fr = الفرنسية
language-ht = الكريولية الهايتية
language-pt = البرتغالية
language-ar = العربية
language-quc = الكيتشي
language-kek = الكيكتشي
language-mam = المام
language-cak = الكاكتشيكيل

## البحث
search-label = بحث
search-placeholder = ابحث، مثلًا: لجوء
search-button = ابحث
search-title = البحث
search-results = { $count ->
    [zero] لا توجد نتائج عن «{ $query }»
    [one] نتيجة واحدة عن «{ $query }»
    [two] نتيجتان عن «{ $query }»
    [few] { $count } نتائج عن «{ $query }»
    [many] { $count } نتيجة عن «{ $query }»
   *[other] { $count } نتيجة عن «{ $query }»
}
search-none = لا توجد نتائج عن «{ $query }». جرّب كلمة أخرى، أو انظر كل المواضيع في الأسفل.
search-az = كل المواضيع من الألف إلى الياء
search-needs-js = البحث يحتاج إلى JavaScript. إليك كل المواضيع من الألف إلى الياء.

## بدون إنترنت
offline-save = احفظ هذه اللغة لاستخدامها بدون إنترنت ({ $size })
offline-saving = جارٍ الحفظ… { $done } من { $total }
offline-saved = تم الحفظ. يمكنك قراءة هذه الصفحات بدون إنترنت.
offline-failed = توقف الحفظ. تحقق من الاتصال وحاول مرة أخرى.
offline-title = أنت غير متصل بالإنترنت
offline-text = هذه الصفحة غير محفوظة على هذا الجهاز. الصفحات التي فتحتها من قبل تعمل بدون إنترنت.
site-short-name = معلومات المهاجرين

## الاستماع
listen = استمع
listen-stop = إيقاف

## الخروج السريع والأمان
quick-exit = اخرج من هذه الصفحة
quick-exit-help = غادر هذا الموقع بسرعة. هذا لا يحذف سجل التصفح.
safety-link = كيف تحمي نفسك على الإنترنت

## الكشك
kiosk-touch-start = المس الشاشة للبدء
kiosk-back = رجوع
text-smaller = خط أصغر
text-larger = خط أكبر
qr-caption = امسح الرمز بهاتفك لفتح هذه الصفحة
qr-call = امسح الرمز للاتصال بالرقم { $number }
qr-link = امسح الرمز لفتح هذا الرابط على هاتفك
print-page = اطبع هذه الصفحة
idle-title = هل ما زلت هنا؟
idle-text = { $seconds ->
    [zero] تعود الشاشة إلى البداية الآن.
    [one] تعود الشاشة إلى البداية بعد ثانية واحدة.
    [two] تعود الشاشة إلى البداية بعد ثانيتين.
    [few] تعود الشاشة إلى البداية بعد { $seconds } ثوانٍ.
    [many] تعود الشاشة إلى البداية بعد { $seconds } ثانية.
   *[other] تعود الشاشة إلى البداية بعد { $seconds } ثانية.
}
idle-still-here = ما زلت هنا
