## Images et audio
# A file size, in kilobytes and in megabytes (one decimal).
media-size-kb = { $kb } Ko
media-size-mb = { $whole },{ $tenths } Mo
# The button over a large image: nothing is downloaded until it is pressed.
media-show-image = Afficher l’image ({ $size })
# Inside an opened image box while the image is not shown in the page (no JavaScript, or
# the script has not arrived yet): opens the image file itself.
media-open-image = Ouvrir l’image
media-duration = { $minutes ->
    [0] { $seconds } s
   *[other] { $minutes } min { $seconds } s
}
# Beside the audio player of a page.
media-audio-recorded = Enregistrement de cette page : { $duration }, { $size }
media-audio-synthesized = Cette page lue par une voix de synthèse : { $duration }, { $size }
# Beside "Save for offline", when the language's pages have audio.
offline-save-audio = Enregistrer aussi l’audio (+{ $size })
