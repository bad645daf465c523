## أرقام الطوارئ: ما الغرض من كل رقم
emergency-label-emergency = الطوارئ
emergency-label-police = الشرطة
emergency-label-firefighters = الإطفاء
emergency-label-red-cross = الصليب الأحمر
emergency-label-medical = الطوارئ الطبية
emergency-label-disasters = الكوارث
emergency-label-anonymous-report = بلاغ دون ذكر الاسم
emergency-label-women = النساء اللواتي يتعرّضن للعنف
emergency-unsure = غير مؤكَّد: اسألوا الناس عنه في المنطقة

## دليل الخدمات: أمثلة وخطوط رسمية
directory-example-number = ليس رقمًا حقيقيًّا: لا تتصلوا به
directory-official = خط وطني رسمي

## مسح هذا الموقع من هذا الهاتف (صفحة الأمان)
forget-site = مسح هذا الموقع من هذا الهاتف
forget-working = جارٍ المسح…
forget-done = تمّ المسح. حُذفت الصفحات والبيانات التي حفظها هذا الموقع على هذا الهاتف. إذا فتحتم صفحات أخرى، فستُحفظ من جديد. هذا لا يحذف سجل التصفح: احذفوه أيضًا.
forget-failed = تعذّر مسح كل شيء. امسحوا بيانات هذا الموقع من إعدادات المتصفح. الخطوات مكتوبة في هذه الصفحة.
