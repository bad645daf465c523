## Números de emergência: para que serve cada um
emergency-label-emergency = Emergências
emergency-label-police = Polícia
emergency-label-firefighters = Bombeiros
emergency-label-red-cross = Cruz Vermelha
emergency-label-medical = Emergências médicas
emergency-label-disasters = Desastres
emergency-label-anonymous-report = Denúncia anônima
emergency-label-women = Mulheres que sofrem violência
emergency-unsure = Não confirmado: pergunte no local

## Lista de serviços: exemplos e linhas oficiais
directory-example-number = Não é um número de verdade: não ligue
directory-official = Linha nacional oficial

## Esquecer este site neste celular (página de segurança)
forget-site = Esquecer este site neste celular
forget-working = Apagando…
forget-done = Pronto. As páginas e os dados que este site salvou neste celular foram apagados. Se você abrir outras páginas, elas serão salvas de novo. Isso não apaga o seu histórico: apague o histórico também.
forget-failed = Não foi possível apagar tudo. Apague os dados deste site nas configurações do navegador. Os passos estão nesta página.
