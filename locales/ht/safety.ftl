## Nimewo ijans: pou kisa chak nimewo sèvi
emergency-label-emergency = Ijans
emergency-label-police = Lapolis
emergency-label-firefighters = Ponpye
emergency-label-red-cross = Kwa Wouj
emergency-label-medical = Ijans medikal
emergency-label-disasters = Dezas
emergency-label-anonymous-report = Pote plent san bay non w
emergency-label-women = Fanm k ap sibi vyolans
emergency-unsure = Pa sèten: mande moun nan zòn nan

## Lis sèvis yo: egzanp ak liy ofisyèl
directory-example-number = Se pa yon vrè nimewo: pa rele l
directory-official = Liy nasyonal ofisyèl

## Bliye sit sa a sou telefòn sa a (paj sekirite)
forget-site = Bliye sit sa a sou telefòn sa a
forget-working = N ap efase…
forget-done = Li fini. Nou efase paj ak done sit sa a te sere nan telefòn sa a. Si ou louvri lòt paj, paj sa yo ap sere ankò. Sa pa efase istorik navigatè a: efase l tou.
forget-failed = Nou pa t ka efase tout bagay. Efase done sit sa a nan paramèt navigatè a. Etap yo ekri sou paj sa a.
