# Textos da interface do tema padrão, português do Brasil.
site-title = Informação para pessoas migrantes
site-tagline = Informação gratuita e confiável para pessoas em movimento no México e na América Central.
skip-to-content = Ir para o conteúdo
languages-label = Idiomas
language-menu = Idioma
choose-language = Escolha o seu idioma
all-languages = Todos os idiomas
switcher-untranslated = sem tradução
fallback-notice = Esta página ainda não foi traduzida para o seu idioma. Ela aparece em { $language }.
partial-notice = Algumas partes desta página ainda não foram traduzidas para o seu idioma. Essas partes aparecem em { $language }.
home = Início
breadcrumbs = Você está aqui
topics = Temas
on-this-page = Nesta página
reading-time = { $minutes ->
    [one] { $minutes } minuto de leitura
   *[other] { $minutes } minutos de leitura
}
section-count = { $count ->
    [one] { $count } página
   *[other] { $count } páginas
}
last-reviewed = Última revisão: { $date }
footer-privacy = Este site não usa cookies e não rastreia você.
footer-feed = Notícias (feed)
tags = Temas
countries = Países
not-found-title = Página não encontrada
not-found-text = Não encontramos esta página. Talvez ela tenha mudado de lugar. Comece de novo pelo início.
back-home = Ir para o início

## Faixa de emergência
emergency-show = Números de emergência
emergency-more = Todos os números e o que dizer

## Países
country-mx = México
country-gt = Guatemala
country-bz = Belize
country-hn = Honduras
country-sv = El Salvador
country-cr = Costa Rica
country-pa = Panamá

## Temas (etiquetas)
tag-smuggling = Coiotes (contrabando de migrantes)
tag-trafficking = Tráfico de pessoas
tag-extortion = Extorsão
tag-violence = Violência
tag-route-safety = Segurança no caminho
tag-documents = Documentos
tag-rights = Direitos
tag-detention = Detenção
tag-children = Crianças e adolescentes
tag-women = Mulheres
tag-asylum = Asilo e refúgio
tag-regularization = Regularização
tag-health = Saúde
tag-mental-health = Saúde mental
tag-emergency = Emergências
tag-reporting = Denunciar abusos
tag-information-centers = Centros de informação
tag-training = Capacitação
tag-cooperation = Cooperação regional
tag-news = Notícias
tag-lgbtiq = Pessoas LGBTIQ+
tag-family = Procurar sua família
tag-return = Voltar para o seu país
tag-money = Dinheiro e golpes
tag-identity = Identidade e CURP

## Datas
date-long = { $day } de { $month } de { $year }
month-1 = janeiro
month-2 = fevereiro
month-3 = março
month-4 = abril
month-5 = maio
month-6 = junho
month-7 = julho
month-8 = agosto
month-9 = setembro
month-10 = outubro
month-11 = novembro
month-12 = dezembro

## Lista de serviços
directory-filter = Filtrar a lista
directory-by-country = Por país
directory-by-kind = Por tipo de serviço
directory-all = Todos os países e serviços
directory-count = { $count ->
    [one] { $count } serviço
   *[other] { $count } serviços
}
directory-examples-notice = { $count ->
    [one] Esta informação é um EXEMPLO, não um serviço verificado. Confirme em um centro de informação antes de ir.
   *[other] Estas { $count } informações são EXEMPLOS, não serviços verificados. Confirme em um centro de informação antes de ir.
}
directory-example = Exemplo, não verificado
directory-phone = Telefone
directory-address = Endereço
directory-hours = Horário
directory-services = Serviços
directory-languages = Idiomas que falam
directory-notes = Observações
directory-verified = Última verificação
kind-information = Centro de informação
kind-shelter = Abrigo
kind-health = Saúde
kind-legal = Apoio jurídico
kind-hotline = Linha de ajuda
cost-free = Grátis
cost-low-cost = Baixo custo
hours-always = Aberto 24 horas, todos os dias
days-range = de { $first } a { $last }
day-mon = segunda-feira
day-tue = terça-feira
day-wed = quarta-feira
day-thu = quinta-feira
day-fri = sexta-feira
day-sat = sábado
day-sun = domingo
service-orientation = Informação e orientação
service-legal-advice = Orientação jurídica
service-asylum-help = Ajuda para pedir asilo
service-shelter = Lugar para dormir
service-food = Comida
service-health-care = Atendimento de saúde
service-psychosocial = Apoio emocional
service-phone-calls = Ligações telefônicas
service-internet = Internet
service-hygiene = Chuveiro e higiene
service-child-protection = Proteção de crianças e adolescentes
service-women-protection = Proteção para mulheres
service-emergency = Emergências
language-es = espanhol
language-en = inglês
language-fr = francês
language-ht = crioulo haitiano
language-pt = português
language-ar = árabe
language-quc = k'iche'
language-kek = q'eqchi'
language-mam = mam
language-cak = kaqchikel

## Busca
search-label = Buscar
search-placeholder = Busque, por exemplo: asilo
search-button = Buscar
search-title = Buscar
search-results = { $count ->
    [one] 1 resultado para “{ $query }”
   *[other] { $count } resultados para “{ $query }”
}
search-none = Nenhum resultado para “{ $query }”. Tente outra palavra ou veja todos os temas abaixo.
search-az = Todos os temas de A a Z
search-needs-js = Para buscar, é preciso JavaScript. Aqui estão todos os temas de A a Z.

## Sem conexão
offline-save = Salvar este idioma para usar sem internet ({ $size })
offline-saving = Salvando… { $done } de { $total }
offline-saved = Pronto. Você pode ler estas páginas sem internet.
offline-failed = O download parou. Confira sua conexão e tente de novo.
offline-title = Você está sem conexão
offline-text = Esta página não está salva neste celular. As páginas que você já abriu funcionam sem internet.
site-short-name = Info migrantes

## Ouvir
listen = Ouvir
listen-stop = Parar

## Saída rápida e segurança
quick-exit = Sair desta página
quick-exit-help = Saia rápido deste site. Isso não apaga o seu histórico.
safety-link = Como se proteger na internet

## Quiosque
kiosk-touch-start = Toque para começar
kiosk-back = Voltar
text-smaller = Letra menor
text-larger = Letra maior
qr-caption = Escaneie com o seu celular para abrir esta página
qr-call = Escaneie para ligar para o { $number }
qr-link = Escaneie para abrir este link no seu celular
print-page = Imprimir esta página
idle-title = Você ainda está aí?
idle-text = { $seconds ->
    [one] A tela volta para o início em { $seconds } segundo.
   *[other] A tela volta para o início em { $seconds } segundos.
}
idle-still-here = Ainda estou aqui
