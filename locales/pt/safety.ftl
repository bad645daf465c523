## Números de emergência: para que serve cada um
emergency-label-emergency = Emergências
emergency-label-police = Polícia
emergency-label-firefighters = Bombeiros
emergency-label-red-cross = Cruz Vermelha
emergency-label-medical = Emergências médicas
emergency-label-disasters = Desastres
emergency-label-anonymous-report = Denúncia anônima
emergency-label-women = Violência contra as mulheres
emergency-unsure = Não confirmado: pergunte no local

## Lista de serviços: exemplos e linhas oficiais
directory-example-number = Exemplo: não ligue
directory-official = Linha nacional oficial

## Esquecer este site neste celular (página de segurança)
forget-site = Esquecer este site neste celular
forget-working = Apagando…
forget-done = Pronto. Este celular não guarda mais páginas nem dados deste site. Se você abrir outras páginas, elas serão guardadas de novo.
forget-failed = Não foi possível apagar tudo. Apague os dados do site nas configurações do navegador.
