## أرقام الطوارئ: ما الغرض من كل رقم
emergency-label-emergency = الطوارئ
emergency-label-police = الشرطة
emergency-label-firefighters = الإطفاء
emergency-label-red-cross = الصليب الأحمر
emergency-label-medical = الطوارئ الطبية
emergency-label-disasters = الكوارث
emergency-label-anonymous-report = بلاغ دون ذكر الاسم
emergency-label-women = العنف ضد النساء
emergency-unsure = غير مؤكَّد: اسألوا في المكان

## دليل الخدمات: أمثلة وخطوط رسمية
directory-example-number = مثال: لا تتصلوا
directory-official = خط وطني رسمي

## مسح هذا الموقع من هذا الهاتف (صفحة الأمان)
forget-site = مسح هذا الموقع من هذا الهاتف
forget-working = جارٍ المسح…
forget-done = تمّ. لم يعد هذا الهاتف يحتفظ بصفحات أو بيانات من هذا الموقع. إذا فتحتم صفحات أخرى، فسيحتفظ بها من جديد.
forget-failed = تعذّر مسح كل شيء. امسحوا بيانات الموقع من إعدادات المتصفح.
