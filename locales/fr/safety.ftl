## Numéros d'urgence : à quoi sert chacun
emergency-label-emergency = Urgences
emergency-label-police = Police
emergency-label-firefighters = Pompiers
emergency-label-red-cross = Croix-Rouge
emergency-label-medical = Urgences médicales
emergency-label-disasters = Catastrophes
emergency-label-anonymous-report = Signalement anonyme
emergency-label-women = Violences contre les femmes
emergency-unsure = Pas confirmé : demandez sur place

## Annuaire : exemples et lignes officielles
directory-example-number = Exemple : n'appelez pas
directory-official = Ligne nationale officielle

## Oublier ce site sur ce téléphone (page de sécurité)
forget-site = Oublier ce site sur ce téléphone
forget-working = Suppression…
forget-done = C'est fait. Ce téléphone ne garde plus de pages ni de données de ce site. Si vous ouvrez d'autres pages, elles seront gardées à nouveau.
forget-failed = Tout n'a pas pu être supprimé. Effacez les données du site dans les paramètres du navigateur.
