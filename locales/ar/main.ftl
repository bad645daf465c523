# نصوص واجهة القالب الافتراضي، باللغة العربية.
site-title = معلومات للمهاجرين والمهاجرات
site-tagline = معلومات مجانية وموثوقة للأشخاص في طريق الهجرة في المكسيك وأمريكا الوسطى.
skip-to-content = الانتقال إلى المحتوى
languages-label = اللغات
language-menu = اللغة
choose-language = اختاروا لغتكم
all-languages = كل اللغات
switcher-untranslated = غير مترجمة
fallback-notice = هذه الصفحة غير مترجمة إلى لغتكم بعد. تظهر هنا بلغة: { $language }.
partial-notice = بعض أجزاء هذه الصفحة غير مترجمة إلى لغتكم بعد. تظهر هذه الأجزاء بلغة: { $language }.
home = الرئيسية
breadcrumbs = أنتم هنا
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
footer-privacy = هذا الموقع لا يستخدم ملفات تعريف الارتباط (الكوكيز) ولا يتتبّعكم.
footer-feed = الأخبار (خلاصة RSS)
tags = المواضيع
countries = الدول
not-found-title = الصفحة غير موجودة
not-found-text = لم نجد هذه الصفحة. ربما نُقلت إلى مكان آخر. ابدؤوا من جديد من الصفحة الرئيسية.
back-home = العودة إلى الصفحة الرئيسية

## شريط الطوارئ
emergency-show = أرقام الطوارئ
emergency-more = كل الأرقام، وماذا تقولون عند الاتصال

## الدول
country-mx = المكسيك
country-gt = غواتيمالا
country-bz = بليز
country-hn = هندوراس
country-sv = السلفادور
country-cr = كوستاريكا
country-pa = بنما

## المواضيع (الوسوم)
tag-smuggling = تهريب البشر (المهرّبون)
tag-trafficking = الاتجار بالبشر
tag-extortion = الابتزاز
tag-violence = العنف
tag-route-safety = السلامة في الطريق
tag-documents = الوثائق
tag-rights = الحقوق
tag-detention = الاحتجاز
tag-children = الأطفال والمراهقون
tag-women = النساء
tag-asylum = اللجوء
tag-regularization = تسوية الوضع القانوني
tag-health = الصحة
tag-mental-health = الصحة النفسية
tag-emergency = الطوارئ
tag-reporting = الإبلاغ عن الإساءة
tag-information-centers = مراكز المعلومات
tag-training = التدريب
tag-cooperation = التعاون الإقليمي
tag-news = الأخبار
tag-lgbtiq = مجتمع الميم (LGBTIQ+)
tag-family = البحث عن العائلة
tag-return = العودة إلى البلد
tag-money = المال والاحتيال
tag-identity = الهوية و CURP

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
    [zero] لا توجد أمثلة هنا. تأكدوا في مركز معلومات قبل الذهاب.
    [one] هذه المعلومة مثال فقط، وليست خدمة موثّقة. تأكدوا منها في مركز معلومات قبل الذهاب.
    [two] هذان مثالان فقط، وليسا خدمتين موثّقتين. تأكدوا منهما في مركز معلومات قبل الذهاب.
    [few] هذه { $count } أمثلة فقط، وليست خدمات موثّقة. تأكدوا منها في مركز معلومات قبل الذهاب.
    [many] هذه { $count } مثالًا فقط، وليست خدمات موثّقة. تأكدوا منها في مركز معلومات قبل الذهاب.
   *[other] هذه { $count } مثال فقط، وليست خدمات موثّقة. تأكدوا منها في مركز معلومات قبل الذهاب.
}
directory-example = مثال، غير موثّق
directory-phone = الهاتف
directory-address = العنوان
directory-hours = ساعات العمل
directory-services = الخدمات
directory-languages = اللغات التي يتحدثونها
directory-notes = ملاحظات
directory-verified = آخر تحقق
kind-information = مركز معلومات
kind-shelter = مأوى
kind-health = رعاية صحية
kind-legal = مساعدة قانونية
kind-hotline = خط مساعدة
cost-free = مجاني
cost-low-cost = تكلفة منخفضة
hours-always = مفتوح 24 ساعة، كل أيام الأسبوع
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
search-placeholder = ابحثوا، مثلًا: لجوء
search-button = بحث
search-title = البحث
search-results = { $count ->
    [zero] لا توجد نتائج عن «{ $query }»
    [one] نتيجة واحدة عن «{ $query }»
    [two] نتيجتان عن «{ $query }»
    [few] { $count } نتائج عن «{ $query }»
    [many] { $count } نتيجة عن «{ $query }»
   *[other] { $count } نتيجة عن «{ $query }»
}
search-none = لا توجد نتائج عن «{ $query }». جرّبوا كلمة أخرى، أو انظروا كل المواضيع في الأسفل.
search-az = كل المواضيع من الألف إلى الياء
search-needs-js = البحث يحتاج إلى JavaScript. إليكم كل المواضيع من الألف إلى الياء.

## بدون إنترنت
offline-save = حفظ هذه اللغة لاستخدامها بدون إنترنت ({ $size })
offline-saving = جارٍ الحفظ… { $done } من { $total }
offline-saved = تم الحفظ. يمكنكم قراءة هذه الصفحات بدون إنترنت.
offline-failed = توقف الحفظ. تحققوا من الاتصال وحاولوا مرة أخرى.
offline-title = لا يوجد اتصال بالإنترنت
offline-text = هذه الصفحة غير محفوظة على هذا الهاتف. الصفحات التي فتحتموها من قبل تعمل بدون إنترنت.
site-short-name = معلومات المهاجرين

## الاستماع
listen = استماع
listen-stop = إيقاف

## الخروج السريع والأمان
quick-exit = الخروج من هذه الصفحة
quick-exit-help = خروج سريع من هذا الموقع. لا يحذف سجل التصفح.
safety-link = كيف تحمون أنفسكم على الإنترنت

## الكشك
kiosk-touch-start = اضغطوا على الشاشة للبدء
kiosk-back = رجوع
text-smaller = خط أصغر
text-larger = خط أكبر
qr-caption = امسحوا الرمز بهاتفكم لفتح هذه الصفحة
qr-call = امسحوا الرمز للاتصال بالرقم { $number }
qr-link = امسحوا الرمز لفتح هذا الرابط على هاتفكم
print-page = طباعة هذه الصفحة
idle-title = هل ما زلتم هنا؟
idle-text = { $seconds ->
    [zero] تعود الشاشة إلى البداية الآن.
    [one] تعود الشاشة إلى البداية بعد ثانية واحدة.
    [two] تعود الشاشة إلى البداية بعد ثانيتين.
    [few] تعود الشاشة إلى البداية بعد { $seconds } ثوانٍ.
    [many] تعود الشاشة إلى البداية بعد { $seconds } ثانية.
   *[other] تعود الشاشة إلى البداية بعد { $seconds } ثانية.
}
idle-still-here = ما زلت هنا
