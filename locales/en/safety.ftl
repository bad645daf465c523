## Emergency numbers: what each one is for
emergency-label-emergency = Emergencies
emergency-label-police = Police
emergency-label-firefighters = Firefighters
emergency-label-red-cross = Red Cross
emergency-label-medical = Medical emergencies
emergency-label-disasters = Disasters
emergency-label-anonymous-report = Anonymous report
emergency-label-women = Women facing violence
emergency-unsure = Not confirmed: ask locally

## Directory: examples and official lines
directory-example-number = Not a real number: do not call
directory-official = Official national line

## Forget this site on this phone (safety page)
forget-site = Forget this site on this phone
forget-working = Deleting…
forget-done = Done. The pages and data this site saved on this phone are deleted. If you open more pages, they will be saved again. This does not delete your history: delete it too.
forget-failed = Not everything could be deleted. Clear this site's data in the browser settings. The steps are on this page.
