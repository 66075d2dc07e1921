# Aggregate Sync: الرسائل باللغة العربية (ترجمة أولية تحتاج إلى مراجعة).
# المفاتيح نفسها كما في en.ftl؛ الرسالة غير الموجودة هنا تظهر بالإنجليزية.

## App shell

app-loading = جارٍ التحميل…
app-could-not-start = تعذّر بدء تشغيل Aggregate Sync
app-page-not-found = الصفحة غير موجودة
app-no-page-at = لا توجد صفحة في { $path }
app-name = Aggregate Sync

## Common words

common-name = الاسم
common-cancel = إلغاء
common-continue = متابعة
common-yes = نعم
common-no = لا

## Navigation

nav-main = الرئيسية
nav-data = البيانات
nav-rules = القواعد
nav-history = السجل
nav-destinations = الوجهات
nav-settings = الإعدادات

pagination-label = ترقيم الصفحات
pagination-summary = الصفحة { $page } من { $pages }، عدد العناصر: { $total }
pagination-previous = السابق
pagination-next = التالي

access-denied-title = ليس لديك صلاحية الوصول إلى Aggregate Sync
access-denied-message = القواعد وسجل المزامنة والإعدادات متاحة فقط للمستخدمين الذين لديهم صلاحية تطبيق "Aggregate Sync" (M_aggregatesync). اطلب من مسؤول DHIS2 إضافتها إلى أحد أدوار المستخدم الخاصة بك.

conflict-title = تم تغيير هذا أثناء تحريرك له
conflict-overwrite = استبدال تغييراتهم
conflict-reload = تحميل نسختهم (تجاهل نسختي)

secret-enter-token = أدخل الرمز.
secret-enter-password = أدخل اسم المستخدم وكلمة المرور.
secret-token-prompt = رمز الوصول الشخصي لـ { $destination }
secret-password-prompt = اسم المستخدم وكلمة المرور لـ { $destination }
secret-token = الرمز
secret-user-name = اسم المستخدم
secret-password = كلمة المرور
secret-kept-in-tab = يُحتفظ به فقط ما دامت علامة تبويب المتصفح هذه مفتوحة ولا يُحفظ أبدًا.

## Organisation unit tree

tree-open = فتح
tree-close = إغلاق
tree-find-by-name = البحث عن وحدة تنظيمية بالاسم
tree-searching = جارٍ البحث…
tree-no-match = لا توجد وحدة تنظيمية بهذا الاسم.
tree-matches-shown = تظهر { $shown } من { $total } نتيجة: استخدم الأسهم للتنقل وEnter للاختيار.
tree-search-failed = تعذّر البحث: { $message }
tree-matching-units = الوحدات التنظيمية المطابقة
tree-show-more = عرض المزيد من النتائج

## Data selection

data-title = البيانات المراد مزامنتها
data-loading-data-sets = جارٍ تحميل مجموعات البيانات…
data-loading-data-elements = جارٍ تحميل عناصر البيانات…
data-loading-groups = جارٍ تحميل مجموعات عناصر البيانات…
data-selected-column = محدد
data-period-type = نوع الفترة
data-last-updated = آخر تحديث
data-data-elements = عناصر البيانات
data-no-data-sets-match = لا توجد مجموعات بيانات مطابقة.
data-no-data-elements-match = لا توجد عناصر بيانات مطابقة.
data-no-groups-match = لا توجد مجموعات عناصر بيانات مطابقة.
data-could-not-load-data-sets = تعذّر تحميل مجموعات البيانات
data-could-not-load-data-elements = تعذّر تحميل عناصر البيانات
data-could-not-load-groups = تعذّر تحميل مجموعات عناصر البيانات
data-could-not-load-elements = تعذّر تحميل عناصر البيانات
data-could-not-load-selection = تعذّر تحميل التحديد
data-select-item = تحديد { $name }
data-hide-elements = إخفاء عناصر البيانات
data-show-elements = إظهار عناصر البيانات
data-set-has-no-elements = لا تحتوي مجموعة البيانات هذه على عناصر بيانات.
data-value-and-aggregation-type = نوع القيمة ونوع التجميع
data-type-data-sets = مجموعات البيانات
data-type-data-elements = عناصر البيانات
data-type-groups = مجموعات عناصر البيانات
data-metadata-type = نوع البيانات الوصفية
data-filter-by-name = تصفية حسب الاسم
data-last-updated-since = آخر تحديث منذ
data-only-selected = المحدد فقط
data-nothing-selected-reason = حدد مجموعة بيانات أو عنصر بيانات أو مجموعة عناصر بيانات لمزامنتها.
data-clear-selection = مسح التحديد
data-sync = مزامنة
data-nothing-selected = لم يتم تحديد شيء
data-count-data-sets = { $count ->
    [one] مجموعة بيانات واحدة
    [two] مجموعتا بيانات
   *[other] مجموعات البيانات: { $count }
}
data-count-with-excluded = { $part } (عناصر البيانات المستبعدة: { $count })
data-count-data-elements = { $count ->
    [one] عنصر بيانات واحد
    [two] عنصرا بيانات
   *[other] عناصر البيانات: { $count }
}
data-count-groups = { $count ->
    [one] مجموعة عناصر بيانات واحدة
   *[other] مجموعات عناصر البيانات: { $count }
}
data-selected-summary = المحدد: { $parts }

## Wizard

wizard-title = مزامنة البيانات
wizard-nothing-selected = لم يتم تحديد شيء للمزامنة
wizard-choose-data-first = اختر أولاً مجموعات البيانات أو عناصر البيانات أو مجموعات عناصر البيانات المراد إرسالها.
wizard-go-to-data = الانتقال إلى تحديد البيانات
wizard-back = رجوع
wizard-next = التالي

step-data = البيانات
step-org-units = الوحدات التنظيمية
step-period = الفترة
step-category-options = خيارات الفئة
step-aggregation = التجميع
step-instance = المثيل
step-summary = الملخص

problems-fix-to-continue = أصلح هذه المشكلات للمتابعة
problems-please-check = يرجى التحقق
problems-go-to-step = الانتقال إلى: { $step }

org-units-aggregating-note = التجميع مفعّل: تتلقى كل وحدة تنظيمية محددة مجموع قيمها وقيم جميع الوحدات التابعة لها.
org-units-not-aggregating-note = لا تشمل الوحدة التنظيمية الأم الوحدات التابعة لها: تُرسل فقط القيم المدخلة للوحدات المحددة نفسها. فعّل التجميع (الخطوة 4) لإرسال مجموع الشجرة الفرعية كاملة إلى كل وحدة محددة.
org-units-loading = جارٍ تحميل الوحدات التنظيمية…
org-units-chosen = تم تحديد { $name } وهي ظاهرة في الشجرة.
org-units-count = { $count ->
    [one] تم تحديد وحدة تنظيمية واحدة
   *[other] الوحدات التنظيمية المحددة: { $count }
}
org-units-could-not-load = تعذّر تحميل الوحدات التنظيمية
org-units-level = المستوى
org-units-choose-level = اختر مستوى
org-units-select-level = تحديد المستوى
org-units-deselect-level = إلغاء تحديد المستوى
org-units-group = المجموعة
org-units-choose-group = اختر مجموعة
org-units-select-group = تحديد المجموعة
org-units-deselect-group = إلغاء تحديد المجموعة
org-units-could-not-load-levels = تعذّر تحميل المستويات والمجموعات
org-units-select-all = تحديد الكل
org-units-clear = مسح
org-units-could-not-select = تعذّر تحديد الوحدات التنظيمية

period-which = الفترات المراد إرسالها
period-relative = فترة محددة مسبقًا
period-fixed = تاريخا بداية ونهاية ثابتان
period-incremental = منذ آخر مزامنة ناجحة (القواعد المحفوظة)
period-incremental-help = يرسل كل قيمة أضيفت أو عُدّلت أو حُذفت في المصدر منذ آخر مزامنة ناجحة للقاعدة (حقل lastUpdated في DHIS2، بتوقيت خادم المصدر)، أيًا كانت فترتها: تُرسل تعديلات الفترات القديمة مجددًا، وتُرسل عمليات الحذف كحذف.
period-watermark = آخر مزامنة ناجحة: { $at } (بتوقيت خادم المصدر)
period-not-synced-yet = لم تتم المزامنة بعد: يرسل التشغيل الأول القيم التي تغيرت منذ التاريخ أدناه، أو جميعها.
period-initial-since = التشغيل الأول: التغييرات منذ (اختياري)
period-choose = اختر فترة
period-start-date = تاريخ البداية
period-end-date = تاريخ النهاية
period-from-to = من { $start } إلى { $end }
period-resolved-periods = { " " }(عدد الفترات: { $count }: { $periods })

category-options-help = تقسّم خيارات فئة السمة (مثل آليات التمويل) قيم مجموعة البيانات. أرسل قيم جميع الخيارات، أو قيم الخيارات التي تختارها فقط.
category-options-which = خيارات فئة السمة المراد إرسالها
category-options-all = جميع خيارات فئة السمة
category-options-choose = اختيار خيارات الفئة
category-options-loading = جارٍ تحميل خيارات الفئة…
category-options-none = لا تحتوي مجموعات البيانات المحددة على تركيبة فئات سمة: لا يوجد ما يُختار، وتُرسل جميع القيم.
category-options-could-not-load = تعذّر تحميل خيارات الفئة

period-type-daily = يومي
period-type-weekly = أسبوعي
period-type-monthly = شهري
period-type-quarterly = ربع سنوي
period-type-six-monthly = نصف سنوي
period-type-yearly = سنوي
period-type-financial-april = سنة مالية تبدأ في أبريل
period-type-financial-july = سنة مالية تبدأ في يوليو
period-type-financial-september = سنة مالية تبدأ في سبتمبر
period-type-financial-october = سنة مالية تبدأ في أكتوبر
period-type-financial-november = سنة مالية تبدأ في نوفمبر

aggregation-toggle = تجميع القيم قبل الإرسال
aggregation-off-note = التجميع معطّل: تُرسل القيم كما هي، للوحدات التنظيمية المحددة فقط.
aggregation-period-type = نوع الفترة المراد التجميع إليه
aggregation-choose-period-type = اختر نوع فترة
aggregation-explanation = تتلقى كل وحدة تنظيمية محددة مجموع قيمها وقيم جميع الوحدات التابعة لها، لكل فترة من النوع المختار. يُجمَّع كل عنصر بيانات كما تفعل تحليلات DHIS2 وفق نوع تجميعه: تُجمع المجاميع، وتُحسب المتوسطات، وتأخذ أنواع "القيمة الأخيرة" أحدث قيمة، وهكذا. يعمل التجميع في متصفحك.
aggregation-checking = جارٍ التحقق من عناصر البيانات…
aggregation-all-aggregatable = يمكن تجميع جميع عناصر البيانات المحددة ({ $total }).
aggregation-not-aggregatable = لا يمكن تجميع { $count } من أصل { $total } من عناصر البيانات المحددة
aggregation-not-aggregatable-note = لا تُرسل قيمها عند التجميع؛ ويسردها التقرير على أنها غير مجمّعة.
aggregation-could-not-load = تعذّر تحميل عناصر البيانات المحددة
aggregation-shorter-than-data = تُجمع البيانات على فترات أطول

strategy-create-and-update = جديد وتحديثات
strategy-create = جديد
strategy-update = تحديثات

instance-heading = المثيل الوجهة
instance-where = المكان الذي تُرسل إليه البيانات.
instance-manage-destinations = إدارة الوجهات
instance-loading = جارٍ تحميل الوجهات…
instance-destination = الوجهة
instance-unreadable = تعذّرت قراءة بعض الوجهات المحفوظة
instance-could-not-load = تعذّر تحميل الوجهات
instance-advanced = خيارات متقدمة
instance-dry-run = تشغيل تجريبي: تتحقق الوجهة من البيانات دون حفظها
instance-import-strategy = استراتيجية الاستيراد
instance-send-deletions = إرسال عمليات الحذف التي تمت في المصدر

destination-current-instance = المثيل الذي يعمل فيه هذا التطبيق
destination-through-route = { $url } (عبر مسار)
destination-direct = { $url } (مباشر)

summary-unknown-destination = وجهة غير معروفة { $id }
summary-preparing = جارٍ إعداد الملخص…
summary-could-not-prepare = تعذّر إعداد الملخص
summary-synchronize = المزامنة الآن
summary-none-chosen = لم يُختر شيء
summary-fixed-dates = تواريخ ثابتة
summary-since-last-sync = التغييرات منذ آخر مزامنة ناجحة
summary-period-dates = { $name }: من { $start } إلى { $end }
summary-all = الكل
summary-chosen = المختار: { $count }
summary-aggregation-on = { $period_type }، كل وحدة محددة مع جميع الوحدات التابعة لها
summary-aggregation-off = معطّل: تُرسل القيم كما هي
summary-and-more = { " " }و{ $count } أخرى
summary-data-sets = مجموعات البيانات
summary-none = لا شيء
summary-data-elements = عناصر البيانات
summary-dry-run = تشغيل تجريبي
summary-send-deletions = إرسال عمليات الحذف
summary-read-requests = طلبات القراءة

save-rule-title = حفظ كقاعدة
save-rule-help = تحتفظ القاعدة بهذه الاختيارات تحت اسم لكي يمكن تشغيلها مجددًا، يدويًا أو وفق جدول زمني.
save-rule-name = الاسم (مطلوب)
save-rule-code = الرمز
save-rule-description = الوصف
save-rule-saved = تم حفظ القاعدة.
save-rule-see-rules = عرض القواعد
save-rule-reloaded = تم تحميل نسختهم: تم تجاهل تغييراتك. تحقق من الخطوات ثم احفظ مجددًا.
save-rule-cannot-save-yet = لا يمكن حفظ القاعدة بعد
save-rule-could-not-save = تعذّر حفظ القاعدة

schedule-label = الجدول الزمني
schedule-by-hand = التشغيل اليدوي فقط
schedule-daily = كل يوم في الساعة 02:00
schedule-weekly = كل يوم اثنين في الساعة 02:00
schedule-monthly = أول كل شهر في الساعة 02:00
schedule-custom = مخصص
schedule-cron = تعبير cron (الدقيقة الساعة اليوم الشهر يوم-الأسبوع)

fit-complete-earlier-steps = أكمل الخطوات السابقة لمعرفة ما ستخزنه الوجهة.
fit-choose-destination = اختر وجهة لمعرفة ما ستخزنه.
fit-nothing-changed = لم يتغير شيء منذ التشغيل الأخير: لن يُرسل شيء.
fit-destination-not-stored = الوجهة { $id } غير محفوظة
fit-checking = جارٍ التحقق مما ستخزنه الوجهة…
fit-needs-credentials = يُتحقق مما ستخزنه { $name } عند بدء التشغيل، بعد إدخال بيانات الاعتماد الخاصة بها.
fit-failed = تعذّر التحقق مما ستخزنه الوجهة
fit-checks-again = يتحقق التشغيل مجددًا عند بدئه.
fit-all = يمكن لـ { $destination } تخزين قيم جميع عناصر البيانات المحددة ({ $total }).
fit-left-out = لا يمكن تخزين { $count } من أصل { $total } من عناصر البيانات المحددة في { $destination }
fit-rounded = سيتم تقريب { $count } إلى أعداد صحيحة
fit-refused-note = تُستبعد القيم التي سترفضها الوجهة ولا تُرسل؛ ويسردها التقرير مع السبب.
fit-item-left-out = : مستبعد —{ " " }
fit-item-rounded = : مقرّب —{ " " }

download-preparing = جارٍ إعداد الملف…
download-json = تنزيل JSON
download-result = تم تنزيل { $upserts } قيمة للإرسال و{ $deletions } عملية حذف.
download-could-not-prepare = تعذّر إعداد ملف JSON

## Run

phase-idle = لم يبدأ
phase-locking = جارٍ التحقق من عدم وجود تشغيل آخر لهذه القاعدة
phase-preparing = جارٍ التحضير
phase-reading = جارٍ قراءة القيم وإرسالها
phase-aggregating = جارٍ التجميع
phase-writing = جارٍ إرسال القيم
phase-saving = جارٍ حفظ التقرير
phase-finished = انتهى

run-retrying = { $what }: فشلت المحاولة { $attempt } ({ $error })؛ إعادة المحاولة خلال { $seconds } ث
run-report-not-saved = تعذّر حفظ التقرير في السجل: { $error }
run-not-recorded = تعذّر تسجيل آخر تشغيل للقاعدة: { $error }
run-credentials-token = يتم الوصول إلى { $name } ({ $url }) مباشرة. أدخل رمز الوصول الشخصي الخاص به لهذا التشغيل؛ لن يُحفظ.
run-credentials-password = يتم الوصول إلى { $name } ({ $url }) مباشرة. أدخل اسم المستخدم وكلمة المرور لهذا التشغيل؛ لن يُحفظا.
run-personal-access-token = رمز الوصول الشخصي
run-start = بدء المزامنة
run-destination-not-loaded = تعذّر تحميل الوجهة { $id }: { $error }
run-leaving-stops-it = هناك مزامنة قيد التشغيل: مغادرة الصفحة توقفها.
run-title = المزامنة
run-finding-destination = جارٍ البحث عن الوجهة…
run-could-not-start = تعذّر بدء المزامنة
run-nothing = لا توجد مزامنة قيد التشغيل. اختر ما تريد إرساله واتبع خطوات المزامنة، ثم اضغط المزامنة الآن.
run-start-draft = مزامنة الاختيارات الحالية
run-values-read = القيم المقروءة
run-values-sent = القيم المرسلة
run-chunks = الدفعات
run-chunks-done = { $done } من { $total }
run-elapsed = المنقضي
run-time-left = الوقت المتبقي
run-estimating = جارٍ التقدير…
run-session-expired = انتهت صلاحية جلستك
run-session-expired-help = المزامنة متوقفة مؤقتًا ولم يُفقد شيء. سجّل الدخول مجددًا في علامة التبويب الجديدة، ثم عد وتابع.
run-log-in-again = تسجيل الدخول مجددًا
run-cancelling = جارٍ الإلغاء…
run-status = الحالة:
run-download-report = تنزيل التقرير الكامل
run-open-report = فتح التقرير

duration-ms = { $ms } م.ث
duration-seconds = { $seconds } ث
duration-minutes = { $minutes } د { $seconds } ث
rate-values-per-second = { $rate } قيمة/ث

## Report

report-title = تقرير المزامنة
report-loading = جارٍ تحميل التقرير…
report-could-not-load = تعذّر تحميل التقرير
report-manual-sync = مزامنة يدوية
report-rule = القاعدة { $name }
report-dry-run = تشغيل تجريبي: لم يُكتب شيء
report-origin = { $origin } بواسطة { $user } إلى { $destination }، بدأت في { $started }
report-origin-finished = { $origin } بواسطة { $user } إلى { $destination }، بدأت في { $started }، انتهت في { $finished }
report-started-by = بدأت: { $label }
report-read = مقروءة
report-sent = مرسلة
report-time-reading = القراءة
report-time-aggregating = التجميع
report-time-writing = القراءة والكتابة
report-errors = الأخطاء
report-notes = ملاحظات
report-interrupted = توقف هذا التشغيل دون أن ينتهي
report-interrupted-help = يمكن أن يستأنف مما أكدته الوجهة: لا يُعاد إرسال أي شيء تم تأكيده.
report-resume = استئناف
report-send-again = إعادة إرسال القيم التي فشلت ({ $count })
report-not-listed = { " " }(هناك { $count } أخرى محسوبة لكنها غير محفوظة في السجل: نزّل التقرير الكامل من التشغيل لرؤيتها.)
report-conflicts = التعارضات
report-no-conflicts = لم تُبلغ الوجهة عن أي تعارض.
report-conflict-code = الرمز
report-conflict-message = الرسالة
report-conflict-values = قيم البيانات
report-conflict-chunk = الدفعة
report-values-not-written = قيم لم تُكتب
report-values-not-written-help = رفضت الوجهة هذه القيم، أو لم تذكر ما حدث لها، أو لم تُرسل قط. يعيد التشغيل التالي للقاعدة إرسالها.
report-values-left-out = قيم مستبعدة
report-values-left-out-help = استُبعدت قبل الإرسال لأن الوجهة سترفضها.
report-not-stored = هناك { $count } قيمة أخرى محسوبة لكنها غير مدرجة في التقرير المحفوظ.
report-not-aggregated = غير مجمّعة
report-chunks = الدفعات والاستجابات الخام ({ $count })
report-chunk-title = الدفعة { $index } ({ $kind }): { $values } قيمة، { $attempts } محاولة، { $outcome }
report-no-response = لا توجد استجابة
report-data-statistics = إحصاءات البيانات
report-no-data-elements = لم يكن لدى أي عنصر بيانات قيم لإرسالها.
report-stats-estimated = ≈ يحسب DHIS2 لكل دفعة وليس لكل قيمة: عندما تمزج الدفعة عناصر بيانات وتحسب أكثر من نوع، تُوزّع على قيم كل عنصر بيانات فيها.
report-data-element = عنصر البيانات
report-chart-label = القيم لكل عنصر بيانات، حسب مآلها

stat-imported = مستوردة
stat-updated = محدّثة
stat-deleted = محذوفة
stat-ignored = متجاهلة
stat-refused = مرفوضة
stat-fate-unknown = مآل غير معروف
stat-not-sent = غير مرسلة

## History

status-success = نجاح
status-warning = تحذير
status-error = خطأ
status-cancelled = ملغاة
status-dry-run = تشغيل تجريبي
status-running = قيد التشغيل
status-interrupted = متوقفة
status-skipped = متخطاة

history-delete-selected = حذف المحدد ({ $count })
history-delete-question = حذف التقارير المحددة ({ $count })؟ لا يمكن التراجع عن ذلك.
history-deleting = جارٍ الحذف…
history-delete = حذف
history-deleted = تم حذف التقارير: { $count }.
history-some-not-deleted = تعذّر حذف بعض التقارير
history-status = الحالة
history-all = الكل
history-rule = القاعدة
history-manual = يدوي
history-started-from = بدأت من
history-started-until = بدأت حتى
history-clear-filters = مسح عوامل التصفية
history-loading = جارٍ تحميل السجل…
history-pruned = تم حذف { $count } تقرير أقدم من مدة الاحتفاظ.
history-old-not-deleted = تعذّر حذف التقارير القديمة
history-empty = لا توجد محاولات مزامنة مطابقة.
history-could-not-load = تعذّر تحميل السجل
history-counts = { $imported } مستوردة، { $updated } محدّثة، { $ignored } متجاهلة، { $deleted } محذوفة
history-started = البداية
history-run-by = شغّلها
history-counts-column = الأعداد
history-duration = المدة
history-broken = لا يمكن قراءة التقرير { $id }: { $message }
history-broken-tag = تالف

## Settings

settings-strategy-create = الجديد فقط
settings-strategy-update = التحديثات فقط
settings-retention = الاحتفاظ بالتقارير لمدة (أيام)
settings-retention-help = تُحذف التقارير الأقدم من ذلك. من { $min } إلى { $max } يومًا.
settings-read-chunk = الوحدات التنظيمية لكل طلب قراءة
settings-read-chunk-help = عدد الوحدات التنظيمية التي تطلبها كل قراءة من المصدر. من { $min } إلى { $max }.
settings-write-chunk = القيم لكل طلب كتابة
settings-write-chunk-help = عدد القيم التي يرسلها كل طلب إلى الوجهة. من { $min } إلى { $max }.
settings-default-strategy = استراتيجية الاستيراد الافتراضية
settings-dry-run = تبدأ المزامنات الجديدة كتشغيل تجريبي
settings-saving = جارٍ الحفظ…
settings-save = حفظ
settings-saved = تم حفظ الإعدادات.
settings-not-saved = لم تُحفظ الإعدادات. أصلح هذه المشكلات:
settings-could-not-save = تعذّر حفظ الإعدادات
settings-loading = جارٍ تحميل الإعدادات…
settings-out-of-range = بعض الإعدادات المحفوظة خارج النطاق
settings-out-of-range-message = { $problems }. تُستخدم القيم الافتراضية وتُعرض؛ الحفظ يخزنها.
settings-unreadable = تتعذّر قراءة الإعدادات المحفوظة
settings-unreadable-message = { $error }. يعرض النموذج القيم الافتراضية؛ الحفظ يستبدل الإعدادات المخزنة.

## Relative periods (DHIS2's keywords; the English label where a keyword is not listed)

relative-period = { $name ->
    [TODAY] اليوم
    [YESTERDAY] أمس
    [LAST_3_DAYS] آخر 3 أيام
    [LAST_7_DAYS] آخر 7 أيام
    [LAST_14_DAYS] آخر 14 يومًا
    [LAST_30_DAYS] آخر 30 يومًا
    [LAST_60_DAYS] آخر 60 يومًا
    [LAST_90_DAYS] آخر 90 يومًا
    [LAST_180_DAYS] آخر 180 يومًا
    [THIS_WEEK] هذا الأسبوع
    [LAST_WEEK] الأسبوع الماضي
    [LAST_4_WEEKS] آخر 4 أسابيع
    [LAST_12_WEEKS] آخر 12 أسبوعًا
    [LAST_52_WEEKS] آخر 52 أسبوعًا
    [WEEKS_THIS_YEAR] أسابيع هذا العام
    [THIS_BIWEEK] فترة الأسبوعين الحالية
    [LAST_BIWEEK] الأسبوعان الماضيان
    [LAST_4_BIWEEKS] آخر 4 فترات أسبوعين
    [THIS_MONTH] هذا الشهر
    [LAST_MONTH] الشهر الماضي
    [LAST_3_MONTHS] آخر 3 أشهر
    [LAST_6_MONTHS] آخر 6 أشهر
    [LAST_12_MONTHS] آخر 12 شهرًا
    [MONTHS_THIS_YEAR] أشهر هذا العام
    [MONTHS_LAST_YEAR] أشهر العام الماضي
    [THIS_BIMONTH] فترة الشهرين الحالية
    [LAST_BIMONTH] الشهران الماضيان
    [LAST_6_BIMONTHS] آخر 6 فترات شهرين
    [BIMONTHS_THIS_YEAR] فترات الشهرين لهذا العام
    [THIS_QUARTER] هذا الربع
    [LAST_QUARTER] الربع الماضي
    [LAST_4_QUARTERS] آخر 4 أرباع
    [QUARTERS_THIS_YEAR] أرباع هذا العام
    [QUARTERS_LAST_YEAR] أرباع العام الماضي
    [THIS_SIX_MONTH] هذا النصف
    [LAST_SIX_MONTH] النصف الماضي
    [LAST_2_SIXMONTHS] آخر نصفين
    [THIS_FINANCIAL_YEAR] هذه السنة المالية
    [LAST_FINANCIAL_YEAR] السنة المالية الماضية
    [LAST_5_FINANCIAL_YEARS] آخر 5 سنوات مالية
    [LAST_10_FINANCIAL_YEARS] آخر 10 سنوات مالية
    [THIS_YEAR] هذا العام
    [LAST_YEAR] العام الماضي
    [LAST_5_YEARS] آخر 5 سنوات
    [LAST_10_YEARS] آخر 10 سنوات
   *[other] { $label }
}
relative-period-group = { $name ->
    [Days] الأيام
    [Weeks] الأسابيع
    [BiWeeks] فترات الأسبوعين
    [Months] الأشهر
    [BiMonths] فترات الشهرين
    [Quarters] الأرباع
    [SixMonths] الأنصاف
    [FinancialYears] السنوات المالية
    [Years] السنوات
   *[other] { $label }
}

## Header bar, comparison and identifier schemes
header-apps = التطبيقات
header-apps-loading = جارٍ تحميل التطبيقات…
header-apps-error = تعذّر عرض التطبيقات: { $message }
header-profile = الملف الشخصي
header-back = العودة إلى DHIS2
header-logout = تسجيل الخروج
report-unchanged-skipped = لم تتغير، لم تُرسل
summary-destination-identifiers = { $name }؛ المعرّفات: { $schemes }
fit-sent-with-id-schemes = تُرسل القيم بمخطط معرّفات الوجهة: استيرادها يقرّر ما تحفظه، ويسرد التقرير ما ترفضه.

## Rules, destinations, comparison and remaining texts
rules-loading = جارٍ تحميل القواعد…
rules-could-not-load = تعذّر تحميل القواعد
rules-could-not-open = تعذّر فتح القاعدة: { $error }
rules-duplicated = نُسخت باسم «{ $name }».
rules-could-not-duplicate = تعذّر نسخ القاعدة: { $error }
rules-deleted = حُذفت «{ $name }».
rules-could-not-delete = تعذّر حذف «{ $name }»: { $error }
rules-pending-dropped = لم تعد «{ $name }» ترسل القيم التي تركتها عمليات تشغيلها.
rules-could-not-drop = تعذّر التخلي عن قيم «{ $name }»: { $error }
rules-could-not-export = تعذّر تصدير القاعدة: { $error }
rules-import = استيراد قاعدة من JSON…
rules-import-replace = { " " }استبدال قاعدة لها المعرّف نفسه
rules-could-not-import = تعذّر استيراد القاعدة: { $error }
rules-report = التقرير
rules-stored-by-older = خُزّنت بإصدار أقدم (المخطط { $version })؛ حفظها يرقّيها.
rules-never-run = لم تُشغَّل قط
rules-run-now = شغّل الآن
rules-edit = تعديل
rules-duplicate = نسخ
rules-export = تصدير
rules-cannot-run = لا يمكن تشغيل هذه القاعدة:
rules-pending-values = { $count ->
    [zero] لا قيم متروكة
    [one] قيمة واحدة متروكة: ستُرسلها عملية التشغيل التالية مجددًا
    [two] قيمتان متروكتان: سترسلهما عملية التشغيل التالية مجددًا
    [few] { $count } قيم متروكة: سترسلها عملية التشغيل التالية مجددًا
   *[other] { $count } قيمة متروكة: سترسلها عملية التشغيل التالية مجددًا
}
rules-pending-drop = تخلَّ عنها
rules-pending-question = ألا تُرسل مجددًا؟{ " " }
rules-pending-drop-confirm = تخلَّ
rules-pending-keep = احتفظ
rules-delete-question = حذف «{ $name }»؟ لا يمكن التراجع عن ذلك.
rules-confirm-deletion = تأكيد الحذف
rules-runner-seen = يشغّل الجداول aggsync { $version } على { $host } (آخر فحص { $at }).
rules-runner-seen-zone = يشغّل الجداول aggsync { $version } على { $host } (آخر فحص { $at }، { $zone }).
rules-runner-last-check = { " " }آخر فحص أجراه { $host } في { $at }.
rules-runner-missing = لم يفحص أي مشغّل الجداول خلال الساعة الأخيرة، لذا لن تعمل القواعد المجدولة ({ $count }) من تلقاء نفسها.
rules-runner-setup = كيفية إعداد مشغّل
rules-none-yet = لا توجد قواعد بعد. اختر البيانات، ومرّ بخطوات المزامنة واحفظها كقاعدة، أو استورد ملف قاعدة.
rules-what-it-sends = ما ترسله
rules-last-run = آخر تشغيل
rules-actions = الإجراءات
rules-none-match = لا توجد قواعد مطابقة.
rules-schedule-paused = متوقف مؤقتًا
rules-schedule-invalid = لا تُشغَّل: تعذّرت قراءة الجدول ({ $error })
rules-schedule-due = مستحقة منذ { $at } (بانتظار المشغّل)
rules-schedule-next = التشغيل التالي { $at }
rules-schedule-no-further-run = لا تشغيل آخر
rules-groups-unreadable = تعذّرت قراءة مجموعات المستخدمين: { $error }
rules-cron-problem = تعبير cron: { $error }
rules-schedule-saved = حُفظ جدول «{ $name }».
rules-could-not-save = تعذّر الحفظ: { $error }
rules-schedule-paused-done = أُوقف جدول «{ $name }» مؤقتًا.
rules-schedule-resumed = استُؤنف جدول «{ $name }».
rules-schedule-gone = لم يعد للقاعدة جدول.
rules-schedule-notifies = تُبلغ عمليات التشغيل المجدولة الفاشلة { $name }
rules-schedule-resume = استئناف
rules-schedule-pause = إيقاف مؤقت
rules-schedule-change = تغيير
rules-not-scheduled = غير مجدولة
rules-cron-expression = تعبير cron
rules-schedule-notify = عند فشل تشغيل مجدول، أبلغ{ " " }
rules-schedule-nobody = لا أحد
rules-sends-no-data = لا بيانات
rules-sends-org-units = { $count ->
    [one] وحدة تنظيمية واحدة
    [two] وحدتان تنظيميتان
    [few] { $count } وحدات تنظيمية
   *[other] { $count } وحدة تنظيمية
}
rules-sends-no-org-unit = لا وحدة تنظيمية
rules-sends-category-options = { $count ->
    [one] خيار فئة واحد
    [two] خيارا فئة
    [few] { $count } خيارات فئة
   *[other] { $count } خيار فئة
}
rules-sends-aggregated-to = تجميع { $period_type ->
    [Daily] يومي
    [Weekly] أسبوعي
    [Monthly] شهري
    [Quarterly] ربع سنوي
    [SixMonthly] نصف سنوي
    [Yearly] سنوي
   *[other] { $period_type }
}
rules-period-fixed = من { $start } إلى { $end }
rules-period-incremental = منذ آخر مزامنة ناجحة
rules-preset-daily = يومي
rules-preset-weekly = أسبوعي
rules-preset-monthly = شهري
rules-unknown-destination = وجهة غير معروفة ({ $id })
rules-file-too-big = حجم هذا الملف { $size } ميغابايت: ملف القاعدة { $max } ميغابايت على الأكثر. اختر قاعدة صدّرها Aggregate Sync.
rules-copy-of = نسخة من { $name }
rules-imported = اُستوردت القاعدة «{ $name }».
rules-imported-new-id = اُستوردت القاعدة «{ $name }» كقاعدة جديدة: توجد قاعدة لها المعرّف نفسه.
rules-replaced = اُستبدلت القاعدة «{ $name }».
rules-imported-migrated = { " " }كتب الملفَ إصدارٌ أقدم من التطبيق (إصدار المخطط { $version }) وقد رُحّل إلى الإصدار { $current }.
rules-imported-note = { " " }ملاحظة: { $note }.
rules-not-a-rule-file = هذا الملف ليس قاعدة يمكن لـ Aggregate Sync استيرادها. { $error }
destinations-kind-route = مسار
destinations-kind-route-server = مسار (الخادم بأكمله)
destinations-kind-direct-token = مباشرة برمز وصول
destinations-kind-direct-basic = مباشرة بمصادقة Basic
destinations-this-instance = هذه النسخة
destinations-intro = النسخ التي يرسل إليها هذا التطبيق البيانات. عبر مسار، تبقى بيانات الاعتماد مشفّرة على هذا الخادم؛ أما الوجهة المباشرة فتطلب رمزها أو كلمة مرورها مرة واحدة لكل علامة تبويب في المتصفح.
destinations-add = إضافة وجهة
destinations-unreadable = تعذّرت قراءة بعض الوجهات
destinations-none-yet = لا توجد وجهات بعد.
destinations-url = العنوان
destinations-connection = الاتصال
destinations-last-test = آخر اختبار
destinations-manage-denied = يمكنك اختبار الوجهات لكن لا يمكنك إضافتها أو تعديلها أو حذفها: يتطلب ذلك الصلاحية «Manage destinations» ‏(F_AGGREGATE_SYNC_MANAGE_DESTINATIONS) في أحد أدوار المستخدم لديك. اطلبها من مسؤول DHIS2.
destinations-edit-title = تعديل الوجهة
destinations-could-not-open = تعذّر فتح الوجهة
destinations-test-failed = فشل الاختبار
destinations-testing = جارٍ الاختبار…
destinations-not-tested = لم تُختبر
destinations-test-connection = اختبار الاتصال
destinations-narrow-hint = يصل هذا المسار إلى خادم الوجهة بأكمله؛ قيّده بواجهة Web API الخاصة به
destinations-narrow = تقييد المسار
destinations-delete-question = هل أنت متأكد؟ سيؤدي هذا إلى حذف الوجهة. ستحتاج القواعد التي ترسل إليها إلى وجهة أخرى.
destinations-delete-question-route = هل أنت متأكد؟ سيؤدي هذا إلى حذف الوجهة ومسارها. ستحتاج القواعد التي ترسل إليها إلى وجهة أخرى.
destinations-fix-to-save = أصلح هذه المشكلات للحفظ
destinations-could-not-save = تعذّر حفظ الوجهة
destinations-description = الوصف (اختياري)
destinations-route-group = مجموعة المستخدمين التي يمكنها أيضًا الإرسال عبر المسار (اختياري)
destinations-route-group-help = يشغّل DHIS2 المسار لك، وللمستخدمين الذين لدى دورهم «Manage destinations» ‏(F_AGGREGATE_SYNC_MANAGE_DESTINATIONS)، ولأعضاء هذه المجموعة: لا لأحد غيرهم، أيًّا كان ما يعرضه التطبيق لهم. اختر مجموعة الأشخاص الذين يشغّلون القواعد.
destinations-kind-route-option = عبر مسار في هذه النسخة (موصى به)
destinations-kind-direct-token-option = مباشرة، برمز وصول شخصي
destinations-kind-direct-basic-option = مباشرة، باسم مستخدم وكلمة مرور
destinations-no-routes = لا تحتوي هذه النسخة على مسارات (تتطلب DHIS2 2.40 أو أحدث)، لذا يصل التطبيق إلى الوجهة مباشرة من المتصفح.
destinations-url-input = عنوان الوجهة (بدون ‎/api)
destinations-route-credentials-help = يحتفظ DHIS2 ببيانات الاعتماد مشفّرة في المسار؛ ولا يمكن لهذا التطبيق قراءتها مجددًا أبدًا.
destinations-route-credentials-keep = { " " }اتركها فارغة للإبقاء على بيانات المسار الحالية (يتطلب تغيير العنوان إدخالها مجددًا).
destinations-credentials = بيانات الاعتماد للوجهة
destinations-user-name-and-password = اسم المستخدم وكلمة المرور
destinations-group-change-note = يُطبَّق تغيير المجموعة عند كتابة بيانات الاعتماد مجددًا.
destinations-direct-help = لا يُحفظ الرمز أو كلمة المرور أبدًا: يُحتفظ به فقط ما دامت علامة التبويب هذه مفتوحة ويُطلب مجددًا في علامة تبويب جديدة. يجب أن تسمح الوجهة بـ { $origin } في قائمة CORS المسموح بها.
destinations-token-optional = الرمز (اختياري الآن)
destinations-user-name-optional = اسم المستخدم (اختياري الآن)
destinations-password-optional = كلمة المرور (اختيارية الآن)
destinations-narrow-prompt = تقييد المسار بواجهة Web API للوجهة
destinations-narrow-help = يصل هذا المسار إلى كل صفحات خادم الوجهة، بما فيها تسجيل الدخول والتطبيقات. بعد التقييد، لا يصل إلا إلى ‎/api/‎. لا يعرض DHIS2 بيانات اعتماد المسار أبدًا، فاكتبها مجددًا: تُحفظ مشفّرة في المسار.
destinations-scheme-same = كما في الأعلى
destinations-scheme-uid = UID (معرّفات المصدر)
destinations-scheme-code = الرمز
destinations-scheme-attribute = قيمة سمة
destinations-id-scheme = مخطط المعرّفات
destinations-id-scheme-help = كيف تسمّي القيم المُرسلة عناصر بياناتها ووحداتها التنظيمية وتركيبات خيارات الفئات. أبقِ UID عندما تشارك الوجهة البيانات الوصفية لهذه النسخة. اختر الرمز (أو الاسم، أو قيمة سمة) عندما تكون قد بُنيت بشكل منفصل لكنها تستخدم الرموز نفسها: لا تُرسل القيم التي ليس لعنصرها رمز هنا، ويسردها التقرير.
destinations-scheme-all = كل المعرّفات
destinations-scheme-option-combos = تركيبات خيارات الفئات (وتركيبات خيارات السمات أيضًا)
destinations-scheme-attribute-uid = UID السمة
destinations-plain-http = تحتاج الوجهة المباشرة إلى عنوان https://‎: عبر http://‎ سيعبر رمزها أو كلمة مرورها الشبكة كنص واضح (يُسمح بـ http://‎ لهذا الحاسوب فقط: localhost و127.0.0.1 و::1). استخدم https://‎ أو مسارًا
destinations-same-instance = { $name } هي هذه النسخة نفسها (معرّف systemId نفسه، { $system_id }): المزامنة هناك ستقرأ القيم نفسها وتكتبها. للكتابة في هذه النسخة عمدًا، اختر الوجهة «هذه النسخة» (This instance)
destinations-superuser = { $user } مستخدم خارق (ALL) على الوجهة. استخدم حسابًا مخصصًا للمزامنة: دورًا فيه فقط «Add/update data values» ‏(F_DATAVALUE_ADD)، ومشاركة كتابة البيانات على مجموعات البيانات وخيارات الفئات التي يستقبلها، والوحدات التنظيمية التي يكتب إليها كوحدات إدخال البيانات الخاصة به (انظر README).
destinations-test-same-instance = هذه هي النسخة التي يعمل فيها التطبيق
destinations-test-may-import = يمكن لهذا المستخدم استيراد قيم البيانات.
destinations-test-may-not-import = لا يمكن لهذا المستخدم استيراد قيم البيانات: يحتاج إلى الصلاحية F_DATAVALUE_ADD ‏(Add/update data values) أو ALL.
destinations-test-connected = متصل بـ { $system } { $version }
destinations-test-acting-as = بصفة { $name } ({ $user }).
destinations-test-cors = حظرته قائمة CORS المسموح بها في الوجهة
destinations-test-credentials-refused = رفضت الوجهة بيانات الاعتماد
destinations-test-session-expired = انتهت جلستك: سجّل الدخول مجددًا
destinations-test-access-denied = تم رفض الوصول
destinations-test-not-found = غير موجود: تحقق من العنوان (المسار أو واجهة API للوجهة مفقودة)
destinations-test-route-unreachable = تعذّر على المسار الوصول إلى الوجهة
destinations-test-refused = رفض الخادم الطلب
destinations-test-unreachable = تعذّر الوصول إلى الوجهة
destinations-test-busy = الوجهة مشغولة: حاول لاحقًا
destinations-test-not-dhis2 = الإجابة ليست من نسخة DHIS2
destinations-enter-user-name = أدخل اسم المستخدم
destinations-enter-password = أدخل كلمة المرور
destinations-enter-route-secret = أدخل الرمز أو كلمة المرور التي سيستخدمها المسار (لا يعرض DHIS2 المحفوظ منها أبدًا)
destinations-enter-token = أدخل الرمز
destinations-not-a-route = الوجهة عبر مسار وحدها لها مسار
compare-complete-earlier-steps = أكمل الخطوات السابقة أولًا
compare-choose-destination = اختر وجهة أولًا
compare-comparing = جارٍ المقارنة…
compare-button = قارن مع الوجهة
compare-failed = تعذّرت المقارنة مع الوجهة
compare-headline = المقارنة مع { $destination }: { $new } جديدة، { $changed } متغيرة، { $unchanged } دون تغيير، { $deleted } للحذف.
compare-new = جديدة
compare-changed = متغيرة
compare-unchanged = دون تغيير
compare-to-delete = للحذف
compare-skip-unchanged = تخطَّ القيم غير المتغيرة: أرسل الجديد أو المتغير فقط (والحذوفات)
compare-examples = أمثلة
compare-download = تنزيل المقارنة (JSON)
compare-download-failed = تعذّر إعداد ملف المقارنة
download-refused = رفض المتصفح التنزيل
report-chunk-upsert = إضافة/تحديث
report-chunk-delete = حذف
report-import-success = نجاح
report-import-warning = تحذير
report-import-error = خطأ
history-select-all-on-page = تحديد الكل في هذه الصفحة
history-select-row = تحديد
run-progress-label = تقدّم المزامنة
data-nothing-of-type-selected = لم يُحدَّد شيء من هذا النوع.
data-loading-selection = جارٍ تحميل التحديد…
app-page-not-built = لم تُبنَ هذه الصفحة بعد.
data-elements-of = عناصر بيانات { $name }
rules-file-unreadable = تعذّرت قراءة الملف { $name }
run-destination-unreadable = تعذّرت قراءة الوجهة: { $error }
rules-browser-could-not-make-file = تعذّر على المتصفح إنشاء الملف
rules-browser-could-not-find-page = تعذّر على المتصفح العثور على الصفحة
rules-browser-could-not-start-download = تعذّر على المتصفح بدء التنزيل
