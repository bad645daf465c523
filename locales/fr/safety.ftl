## Numéros d'urgence : à quoi sert chacun
emergency-label-emergency = Urgences
emergency-label-police = Police
emergency-label-firefighters = Pompiers
emergency-label-red-cross = Croix-Rouge
emergency-label-medical = Urgences médicales
emergency-label-disasters = Catastrophes
emergency-label-anonymous-report = Signalement anonyme
emergency-label-women = Femmes victimes de violence
emergency-unsure = Pas confirmé : demandez sur place

## Annuaire : exemples et lignes officielles
directory-example-number = Ce n'est pas un vrai numéro : n'appelez pas
directory-official = Ligne nationale officielle

## Oublier ce site sur ce téléphone (page de sécurité)
forget-site = Oublier ce site sur ce téléphone
forget-working = Suppression…
forget-done = C'est fait. Les pages et les données que ce site avait enregistrées sur ce téléphone sont effacées. Si vous ouvrez d'autres pages, elles seront de nouveau enregistrées. Cela n'efface pas votre historique : effacez-le aussi.
forget-failed = Tout n'a pas pu être effacé. Effacez les données de ce site dans les paramètres du navigateur. Les étapes sont sur cette page.
