## Nimewo ijans: pou kisa chak nimewo sèvi
emergency-label-emergency = Ijans
emergency-label-police = Lapolis
emergency-label-firefighters = Ponpye
emergency-label-red-cross = Kwa Wouj
emergency-label-medical = Ijans medikal
emergency-label-disasters = Katastwòf
emergency-label-anonymous-report = Pote plent san bay non w
emergency-label-women = Vyolans kont fanm
emergency-unsure = Nou pa fin konfime: mande kote ou ye a

## Lis sèvis yo: egzanp ak liy ofisyèl
directory-example-number = Egzanp: pa rele
directory-official = Liy nasyonal ofisyèl

## Bliye sit sa a sou telefòn sa a (paj sekirite)
forget-site = Bliye sit sa a sou telefòn sa a
forget-working = N ap efase…
forget-done = Fini. Telefòn sa a pa kenbe paj ni done sit sa a ankò. Si ou louvri lòt paj, yo ap kenbe yo ankò.
forget-failed = Nou pa t ka efase tout bagay. Efase done sit la nan paramèt navigatè a.
