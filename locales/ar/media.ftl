## الصور والصوت
# A file size, in kilobytes and in megabytes (one decimal).
media-size-kb = { $kb } كيلوبايت
media-size-mb = { $whole }٫{ $tenths } ميغابايت
# The button over a large image: nothing is downloaded until it is pressed.
media-show-image = عرض الصورة ({ $size })
# Inside an opened image box while the image is not shown in the page (no JavaScript, or
# the script has not arrived yet): opens the image file itself.
media-open-image = افتح الصورة
media-duration = { $minutes ->
    [0] { $seconds } ث
   *[other] { $minutes } د { $seconds } ث
}
# Beside the audio player of a page.
media-audio-recorded = تسجيل صوتي لهذه الصفحة: { $duration }، { $size }
media-audio-synthesized = هذه الصفحة بصوت حاسوبي: { $duration }، { $size }
# Beside "Save for offline", when the language's pages have audio.
offline-save-audio = حفظ الصوت أيضًا (+{ $size })
