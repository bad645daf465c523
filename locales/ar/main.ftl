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
