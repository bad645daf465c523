# Comment
## Group
### Resource
-brand = Senda
    .gender = feminine
hello = Hola, { $name }! { -brand }
items = { $count ->
    [zero] none
    [one] one item
    [two] two items
    [few] a few items
    [many] many items
   *[other] { NUMBER($count, minimumFractionDigits: 2) } items
}
ref = { hello } and { items } and { missing } and { -brand.gender ->
    [feminine] la
   *[other] el }
attr = Valor
    .title = Título { $count }
    .aria = { attr.title }
cycle-a = { cycle-b }
cycle-b = { cycle-a }
self = { self }
date = { DATETIME($d) } { "literal" } { 3.14 } { -brand(case: "x") }
multi =
    línea uno
    línea dos
      indentada
empty-ish = { "" }
hello = duplicate
bad = { $
