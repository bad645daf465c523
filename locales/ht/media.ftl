## Imaj ak odyo
# A file size, in kilobytes and in megabytes (one decimal).
media-size-kb = { $kb } KB
media-size-mb = { $whole },{ $tenths } MB
# The button over a large image: nothing is downloaded until it is pressed.
media-show-image = Montre imaj la ({ $size })
# Inside an opened image box while the image is not shown in the page (no JavaScript, or
# the script has not arrived yet): opens the image file itself.
media-open-image = Louvri imaj la
media-duration = { $minutes ->
    [0] { $seconds } s
   *[other] { $minutes } min { $seconds } s
}
# Beside the audio player of a page.
media-audio-recorded = Anrejistreman paj sa a: { $duration }, { $size }
media-audio-synthesized = Yon vwa òdinatè li paj sa a: { $duration }, { $size }
# Beside "Save for offline", when the language's pages have audio.
offline-save-audio = Sere odyo a tou (+{ $size })
