# Aggregate Sync: mensagens em português (tradução em rascunho, a rever).
# Mesmas chaves que en.ftl; uma mensagem que falte aqui aparece em inglês.

## App shell

app-loading = A carregar…
app-could-not-start = O Aggregate Sync não conseguiu iniciar
app-page-not-found = Página não encontrada
app-no-page-at = Não existe página em { $path }
app-name = Aggregate Sync

## Common words

common-name = Nome
common-cancel = Cancelar
common-continue = Continuar
common-yes = Sim
common-no = Não

## Navigation

nav-main = Principal
nav-data = Dados
nav-rules = Regras
nav-history = Histórico
nav-destinations = Destinos
nav-settings = Definições

pagination-label = Paginação
pagination-summary = Página { $page } de { $pages }, { $total ->
    [one] { $total } item
   *[other] { $total } itens
}
pagination-previous = Anterior
pagination-next = Seguinte

access-denied-title = Não tem acesso ao Aggregate Sync
access-denied-message = As regras, o histórico de sincronizações e as definições só estão disponíveis para utilizadores com a autoridade de aplicação "Aggregate Sync" (M_aggregatesync). Peça ao seu administrador DHIS2 que a adicione a uma das suas funções de utilizador.

conflict-title = Isto foi alterado enquanto o estava a editar
conflict-overwrite = Substituir as alterações deles
conflict-reload = Carregar a versão deles (descartar a minha)

secret-enter-token = Introduza o token.
secret-enter-password = Introduza o nome de utilizador e a palavra-passe.
secret-token-prompt = Token de acesso pessoal para { $destination }
secret-password-prompt = Nome de utilizador e palavra-passe para { $destination }
secret-token = Token
secret-user-name = Nome de utilizador
secret-password = Palavra-passe
secret-kept-in-tab = Só é guardado enquanto este separador do navegador estiver aberto e nunca é gravado.

## Organisation unit tree

tree-open = Abrir
tree-close = Fechar
tree-find-by-name = Procurar uma unidade organizacional pelo nome
tree-searching = A procurar…
tree-no-match = Nenhuma unidade organizacional tem este nome.
tree-matches-shown = { $shown } de { $total } { $total ->
    [one] resultado mostrado
   *[other] resultados mostrados
}: setas para mover, Enter para escolher.
tree-search-failed = Não foi possível procurar: { $message }
tree-matching-units = Unidades organizacionais correspondentes
tree-show-more = Mostrar mais resultados

## Data selection

data-title = Dados a sincronizar
data-loading-data-sets = A carregar conjuntos de dados…
data-loading-data-elements = A carregar elementos de dados…
data-loading-groups = A carregar grupos de elementos de dados…
data-selected-column = Selecionado
data-period-type = Tipo de período
data-last-updated = Última atualização
data-data-elements = Elementos de dados
data-no-data-sets-match = Nenhum conjunto de dados corresponde.
data-no-data-elements-match = Nenhum elemento de dados corresponde.
data-no-groups-match = Nenhum grupo de elementos de dados corresponde.
data-could-not-load-data-sets = Não foi possível carregar os conjuntos de dados
data-could-not-load-data-elements = Não foi possível carregar os elementos de dados
data-could-not-load-groups = Não foi possível carregar os grupos de elementos de dados
data-could-not-load-elements = Não foi possível carregar os elementos de dados
data-could-not-load-selection = Não foi possível carregar a seleção
data-select-item = Selecionar { $name }
data-hide-elements = Ocultar elementos de dados
data-show-elements = Mostrar elementos de dados
data-set-has-no-elements = Este conjunto de dados não tem elementos de dados.
data-value-and-aggregation-type = Tipo de valor e de agregação
data-type-data-sets = Conjuntos de dados
data-type-data-elements = Elementos de dados
data-type-groups = Grupos de elementos de dados
data-metadata-type = Tipo de metadados
data-filter-by-name = Filtrar por nome
data-last-updated-since = Atualizado desde
data-only-selected = Apenas selecionados
data-nothing-selected-reason = Selecione um conjunto de dados, elemento de dados ou grupo de elementos de dados para sincronizar.
data-clear-selection = Limpar seleção
data-sync = Sincronizar
data-nothing-selected = Nada selecionado
data-count-data-sets = { $count ->
    [one] { $count } conjunto de dados
   *[other] { $count } conjuntos de dados
}
data-count-with-excluded = { $part } ({ $count ->
    [one] { $count } elemento de dados excluído
   *[other] { $count } elementos de dados excluídos
})
data-count-data-elements = { $count ->
    [one] { $count } elemento de dados
   *[other] { $count } elementos de dados
}
data-count-groups = { $count ->
    [one] { $count } grupo de elementos de dados
   *[other] { $count } grupos de elementos de dados
}
data-selected-summary = Selecionado: { $parts }

## Wizard

wizard-title = Sincronizar dados
wizard-nothing-selected = Nada está selecionado para sincronizar
wizard-choose-data-first = Escolha primeiro os conjuntos de dados, elementos de dados ou grupos de elementos de dados a enviar.
wizard-go-to-data = Ir para a seleção de dados
wizard-back = Voltar
wizard-next = Seguinte

step-data = Dados
step-org-units = Unidades organizacionais
step-period = Período
step-category-options = Opções de categoria
step-aggregation = Agregação
step-instance = Instância
step-summary = Resumo

problems-fix-to-continue = Corrija estes problemas para continuar
problems-please-check = Verifique
problems-go-to-step = Ir para: { $step }

org-units-aggregating-note = A agregação está ativa: cada unidade organizacional selecionada recebe o agregado dos seus próprios valores e dos de todas as unidades filhas.
org-units-not-aggregating-note = Uma unidade organizacional mãe não inclui as filhas: só são enviados os valores introduzidos para as próprias unidades selecionadas. Ative a agregação (passo 4) para enviar a cada unidade selecionada o total de toda a sua subárvore.
org-units-loading = A carregar unidades organizacionais…
org-units-chosen = { $name } está selecionada e visível na árvore.
org-units-count = { $count ->
    [one] { $count } unidade organizacional selecionada
   *[other] { $count } unidades organizacionais selecionadas
}
org-units-could-not-load = Não foi possível carregar as unidades organizacionais
org-units-level = Nível
org-units-choose-level = Escolha um nível
org-units-select-level = Selecionar nível
org-units-deselect-level = Desmarcar nível
org-units-group = Grupo
org-units-choose-group = Escolha um grupo
org-units-select-group = Selecionar grupo
org-units-deselect-group = Desmarcar grupo
org-units-could-not-load-levels = Não foi possível carregar os níveis e grupos
org-units-select-all = Selecionar tudo
org-units-clear = Limpar
org-units-could-not-select = Não foi possível selecionar as unidades organizacionais

period-which = Que períodos enviar
period-relative = Período predefinido
period-fixed = Datas de início e fim fixas
period-incremental = Desde a última sincronização bem-sucedida (regras guardadas)
period-incremental-help = Envia cada valor adicionado, alterado ou eliminado na origem desde a última sincronização bem-sucedida da regra (o lastUpdated do DHIS2, hora do servidor de origem), qualquer que seja o período: as edições de períodos antigos são reenviadas, as eliminações como eliminações.
period-watermark = Última sincronização bem-sucedida: { $at } (hora do servidor de origem)
period-not-synced-yet = Ainda não sincronizada: a primeira execução envia os valores alterados desde a data abaixo, ou todos.
period-initial-since = Primeira execução: alterações desde (opcional)
period-choose = Escolha um período
period-start-date = Data de início
period-end-date = Data de fim
period-from-to = De { $start } a { $end }
period-resolved-periods = { " " }({ $count ->
    [one] { $count } período
   *[other] { $count } períodos
}: { $periods })

category-options-help = As opções de categoria de atributo (como os mecanismos de financiamento) dividem os valores de um conjunto de dados. Envie os valores de todas as opções ou apenas os das opções que escolher.
category-options-which = Que opções de categoria de atributo enviar
category-options-all = Todas as opções de categoria de atributo
category-options-choose = Escolher opções de categoria
category-options-loading = A carregar opções de categoria…
category-options-none = Os conjuntos de dados selecionados não têm combinação de categorias de atributo: não há nada a escolher, todos os valores são enviados.
category-options-could-not-load = Não foi possível carregar as opções de categoria

period-type-daily = Diário
period-type-weekly = Semanal
period-type-monthly = Mensal
period-type-quarterly = Trimestral
period-type-six-monthly = Semestral
period-type-yearly = Anual
period-type-financial-april = Ano fiscal a começar em abril
period-type-financial-july = Ano fiscal a começar em julho
period-type-financial-september = Ano fiscal a começar em setembro
period-type-financial-october = Ano fiscal a começar em outubro
period-type-financial-november = Ano fiscal a começar em novembro

aggregation-toggle = Agregar os valores antes de enviar
aggregation-off-note = A agregação está desativada: os valores são enviados tal como estão, apenas para as unidades organizacionais selecionadas.
aggregation-period-type = Tipo de período para agregar
aggregation-choose-period-type = Escolha um tipo de período
aggregation-explanation = Cada unidade organizacional selecionada recebe o agregado dos seus próprios valores e dos valores de todas as filhas, para cada período do tipo escolhido. Cada elemento de dados é agregado como na análise do DHIS2, segundo o seu tipo de agregação: as somas são somadas, as médias calculadas, os tipos "último valor" ficam com o valor mais recente, etc. A agregação corre no seu navegador.
aggregation-checking = A verificar os elementos de dados…
aggregation-all-aggregatable = Os { $total } elementos de dados selecionados podem ser agregados.
aggregation-not-aggregatable = { $count } de { $total } elementos de dados selecionados não podem ser agregados
aggregation-not-aggregatable-note = Os seus valores não são enviados ao agregar; o relatório lista-os como não agregados.
aggregation-could-not-load = Não foi possível carregar os elementos de dados selecionados
aggregation-shorter-than-data = Os dados são recolhidos em períodos mais longos

strategy-create-and-update = Novos e atualizações
strategy-create = Novos
strategy-update = Atualizações

instance-heading = Instância de destino
instance-where = Para onde os dados são enviados.
instance-manage-destinations = Gerir destinos
instance-loading = A carregar destinos…
instance-destination = Destino
instance-unreadable = Alguns destinos guardados não puderam ser lidos
instance-could-not-load = Não foi possível carregar os destinos
instance-advanced = Opções avançadas
instance-dry-run = Simulação: o destino verifica os dados sem os guardar
instance-import-strategy = Estratégia de importação
instance-send-deletions = Enviar as eliminações feitas na origem

destination-current-instance = a instância onde esta aplicação corre
destination-through-route = { $url } (através de uma rota)
destination-direct = { $url } (direto)

summary-unknown-destination = destino desconhecido { $id }
summary-preparing = A preparar o resumo…
summary-could-not-prepare = Não foi possível preparar o resumo
summary-synchronize = Sincronizar agora
summary-none-chosen = Nenhum escolhido
summary-fixed-dates = Datas fixas
summary-since-last-sync = Alterações desde a última sincronização bem-sucedida
summary-period-dates = { $name }: de { $start } a { $end }
summary-all = Todas
summary-chosen = { $count ->
    [one] { $count } escolhida
   *[other] { $count } escolhidas
}
summary-aggregation-on = { $period_type }, cada unidade selecionada com todas as filhas
summary-aggregation-off = Desativada: os valores são enviados tal como estão
summary-and-more = { " " }e mais { $count }
summary-data-sets = Conjuntos de dados
summary-none = Nenhum
summary-data-elements = Elementos de dados
summary-dry-run = Simulação
summary-send-deletions = Enviar eliminações
summary-read-requests = Pedidos de leitura

save-rule-title = Guardar como regra
save-rule-help = Uma regra guarda estas escolhas com um nome para poder ser executada de novo, à mão ou segundo um agendamento.
save-rule-name = Nome (obrigatório)
save-rule-code = Código
save-rule-description = Descrição
save-rule-saved = A regra foi guardada.
save-rule-see-rules = Ver as regras
save-rule-reloaded = A versão deles foi carregada: as suas alterações foram descartadas. Verifique os passos e guarde de novo.
save-rule-cannot-save-yet = A regra ainda não pode ser guardada
save-rule-could-not-save = Não foi possível guardar a regra

schedule-label = Agendamento
schedule-by-hand = Apenas execução manual
schedule-daily = Todos os dias às 02:00
schedule-weekly = Todas as segundas-feiras às 02:00
schedule-monthly = No primeiro dia de cada mês às 02:00
schedule-custom = Personalizado
schedule-cron = Expressão cron (minuto hora dia mês dia-da-semana)

fit-complete-earlier-steps = Conclua os passos anteriores para ver o que o destino vai guardar.
fit-choose-destination = Escolha um destino para ver o que vai guardar.
fit-nothing-changed = Nada mudou desde a última execução: nada seria enviado.
fit-destination-not-stored = o destino { $id } não está guardado
fit-checking = A verificar o que o destino vai guardar…
fit-needs-credentials = O que { $name } vai guardar é verificado quando a execução começar, depois de introduzir as credenciais.
fit-failed = Não foi possível verificar o que o destino vai guardar
fit-checks-again = A execução verifica de novo ao começar.
fit-all = { $destination } pode guardar os valores dos { $total } elementos de dados selecionados.
fit-left-out = { $count } de { $total } elementos de dados selecionados não podem ser guardados em { $destination }
fit-rounded = { $count } serão arredondados a números inteiros
fit-refused-note = Os valores que o destino recusaria ficam de fora e não são enviados; o relatório lista-os com o motivo.
fit-item-left-out = : excluído —{ " " }
fit-item-rounded = : arredondado —{ " " }

download-preparing = A preparar o ficheiro…
download-json = Transferir JSON
download-result = Transferidos { $upserts } valores a enviar e { $deletions } eliminações.
download-could-not-prepare = Não foi possível preparar o ficheiro JSON

## Run

phase-idle = Não iniciada
phase-locking = A verificar que não há outra execução desta regra em curso
phase-preparing = A preparar
phase-reading = A ler e enviar valores
phase-aggregating = A agregar
phase-writing = A enviar valores
phase-saving = A guardar o relatório
phase-finished = Concluída

run-retrying = { $what }: a tentativa { $attempt } falhou ({ $error }); nova tentativa dentro de { $seconds } s
run-report-not-saved = não foi possível guardar o relatório no histórico: { $error }
run-not-recorded = não foi possível registar a última execução da regra: { $error }
run-credentials-token = { $name } ({ $url }) é alcançado diretamente. Introduza o token de acesso pessoal para esta execução; não é guardado.
run-credentials-password = { $name } ({ $url }) é alcançado diretamente. Introduza o nome de utilizador e a palavra-passe para esta execução; não são guardados.
run-personal-access-token = Token de acesso pessoal
run-start = Iniciar a sincronização
run-destination-not-loaded = não foi possível carregar o destino { $id }: { $error }
run-leaving-stops-it = Está a decorrer uma sincronização: sair interrompe-a.
run-title = Sincronizar
run-finding-destination = A procurar o destino…
run-could-not-start = Não foi possível iniciar a sincronização
run-nothing = Nenhuma sincronização em curso. Escolha o que enviar e percorra os passos; depois prima Sincronizar agora.
run-start-draft = Sincronizar as escolhas atuais
run-values-read = Valores lidos
run-values-sent = Valores enviados
run-chunks = Lotes
run-chunks-done = { $done } de { $total }
run-elapsed = Decorrido
run-time-left = Tempo restante
run-estimating = a estimar…
run-session-expired = A sua sessão expirou
run-session-expired-help = A sincronização está em pausa, nada se perde. Inicie sessão de novo no novo separador, depois volte e continue.
run-log-in-again = Iniciar sessão de novo
run-cancelling = A cancelar…
run-status = Estado:
run-download-report = Transferir o relatório completo
run-open-report = Abrir o relatório

duration-ms = { $ms } ms
duration-seconds = { $seconds } s
duration-minutes = { $minutes } min { $seconds } s
rate-values-per-second = { $rate } valores/s

## Report

report-title = Relatório de sincronização
report-loading = A carregar o relatório…
report-could-not-load = Não foi possível carregar o relatório
report-manual-sync = Sincronização manual
report-rule = Regra { $name }
report-dry-run = Simulação: nada foi escrito
report-origin = { $origin } por { $user } para { $destination }, iniciada em { $started }
report-origin-finished = { $origin } por { $user } para { $destination }, iniciada em { $started }, concluída em { $finished }
report-started-by = Iniciada: { $label }
report-read = Lidos
report-sent = Enviados
report-time-reading = Leitura
report-time-aggregating = Agregação
report-time-writing = Leitura e escrita
report-errors = Erros
report-notes = Notas
report-interrupted = Esta execução parou sem terminar
report-interrupted-help = Pode continuar a partir do que o destino confirmou: nada do que foi confirmado é reenviado.
report-resume = Retomar
report-send-again = Reenviar os { $count } valores que falharam
report-not-listed = { " " }(mais { $count } são contados mas não guardados no histórico: transfira o relatório completo a partir da execução para os ver.)
report-conflicts = Conflitos
report-no-conflicts = O destino não comunicou nenhum conflito.
report-conflict-code = Código
report-conflict-message = Mensagem
report-conflict-values = Valores
report-conflict-chunk = Lote
report-values-not-written = Valores não escritos
report-values-not-written-help = O destino recusou estes valores, não disse o que lhes aconteceu, ou nunca foram enviados. Uma próxima execução da regra reenvia-os.
report-values-left-out = Valores excluídos
report-values-left-out-help = Excluídos antes do envio porque o destino os recusaria.
report-not-stored = Mais { $count } valores são contados mas não listados no relatório guardado.
report-not-aggregated = Não agregados
report-chunks = Lotes e respostas em bruto ({ $count })
report-chunk-title = Lote { $index } ({ $kind }): { $values } valores, { $attempts } tentativa(s), { $outcome }
report-no-response = sem resposta
report-data-statistics = Estatísticas dos dados
report-no-data-elements = Nenhum elemento de dados tinha valores a enviar.
report-stats-estimated = ≈ O DHIS2 conta por lote, não por valor: quando um lote misturava elementos de dados e conta mais de um tipo, são repartidos pelos valores de cada elemento de dados do lote.
report-data-element = Elemento de dados
report-chart-label = Valores por elemento de dados, segundo o seu destino final

stat-imported = Importados
stat-updated = Atualizados
stat-deleted = Eliminados
stat-ignored = Ignorados
stat-refused = Recusados
stat-fate-unknown = Destino desconhecido
stat-not-sent = Não enviados

## History

status-success = Concluída com sucesso
status-warning = Aviso
status-error = Erro
status-cancelled = Cancelada
status-dry-run = Simulação
status-running = Em curso
status-interrupted = Interrompida
status-skipped = Ignorada

history-delete-selected = Eliminar seleção ({ $count })
history-delete-question = Eliminar { $count ->
    [one] { $count } relatório
   *[other] { $count } relatórios
}? Não é possível anular.
history-deleting = A eliminar…
history-delete = Eliminar
history-deleted = { $count ->
    [one] { $count } relatório eliminado.
   *[other] { $count } relatórios eliminados.
}
history-some-not-deleted = Não foi possível eliminar alguns relatórios
history-status = Estado
history-all = Todos
history-rule = Regra
history-manual = Manual
history-started-from = Iniciada desde
history-started-until = Iniciada até
history-clear-filters = Limpar filtros
history-loading = A carregar o histórico…
history-pruned = Foram eliminados { $count } relatórios mais antigos do que o período de retenção.
history-old-not-deleted = Não foi possível eliminar os relatórios antigos
history-empty = Nenhuma sincronização corresponde.
history-could-not-load = Não foi possível carregar o histórico
history-counts = { $imported } importados, { $updated } atualizados, { $ignored } ignorados, { $deleted } eliminados
history-started = Início
history-run-by = Executada por
history-counts-column = Contagens
history-duration = Duração
history-broken = O relatório { $id } não pode ser lido: { $message }
history-broken-tag = Ilegível

## Settings

settings-strategy-create = Apenas novos
settings-strategy-update = Apenas atualizações
settings-retention = Manter os relatórios durante (dias)
settings-retention-help = Os relatórios mais antigos são eliminados. De { $min } a { $max } dias.
settings-read-chunk = Unidades organizacionais por pedido de leitura
settings-read-chunk-help = Quantas unidades organizacionais cada leitura da origem pede. De { $min } a { $max }.
settings-write-chunk = Valores por pedido de escrita
settings-write-chunk-help = Quantos valores cada pedido ao destino envia. De { $min } a { $max }.
settings-default-strategy = Estratégia de importação predefinida
settings-dry-run = As novas sincronizações começam como simulação
settings-saving = A guardar…
settings-save = Guardar
settings-saved = Definições guardadas.
settings-not-saved = As definições não foram guardadas. Corrija estes problemas:
settings-could-not-save = Não foi possível guardar as definições
settings-loading = A carregar as definições…
settings-out-of-range = Algumas definições guardadas estavam fora dos limites
settings-out-of-range-message = { $problems }. São usados e mostrados os valores predefinidos; guardar mantém-nos.
settings-unreadable = Não é possível ler as definições guardadas
settings-unreadable-message = { $error }. O formulário mostra os valores predefinidos; guardar substitui as definições guardadas.

## Relative periods (DHIS2's keywords; the English label where a keyword is not listed)

relative-period = { $name ->
    [TODAY] Hoje
    [YESTERDAY] Ontem
    [LAST_3_DAYS] Últimos 3 dias
    [LAST_7_DAYS] Últimos 7 dias
    [LAST_14_DAYS] Últimos 14 dias
    [LAST_30_DAYS] Últimos 30 dias
    [LAST_60_DAYS] Últimos 60 dias
    [LAST_90_DAYS] Últimos 90 dias
    [LAST_180_DAYS] Últimos 180 dias
    [THIS_WEEK] Esta semana
    [LAST_WEEK] Semana passada
    [LAST_4_WEEKS] Últimas 4 semanas
    [LAST_12_WEEKS] Últimas 12 semanas
    [LAST_52_WEEKS] Últimas 52 semanas
    [WEEKS_THIS_YEAR] Semanas deste ano
    [THIS_BIWEEK] Esta quinzena
    [LAST_BIWEEK] Quinzena passada
    [LAST_4_BIWEEKS] Últimas 4 quinzenas
    [THIS_MONTH] Este mês
    [LAST_MONTH] Mês passado
    [LAST_3_MONTHS] Últimos 3 meses
    [LAST_6_MONTHS] Últimos 6 meses
    [LAST_12_MONTHS] Últimos 12 meses
    [MONTHS_THIS_YEAR] Meses deste ano
    [MONTHS_LAST_YEAR] Meses do ano passado
    [THIS_BIMONTH] Este bimestre
    [LAST_BIMONTH] Bimestre passado
    [LAST_6_BIMONTHS] Últimos 6 bimestres
    [BIMONTHS_THIS_YEAR] Bimestres deste ano
    [THIS_QUARTER] Este trimestre
    [LAST_QUARTER] Trimestre passado
    [LAST_4_QUARTERS] Últimos 4 trimestres
    [QUARTERS_THIS_YEAR] Trimestres deste ano
    [QUARTERS_LAST_YEAR] Trimestres do ano passado
    [THIS_SIX_MONTH] Este semestre
    [LAST_SIX_MONTH] Semestre passado
    [LAST_2_SIXMONTHS] Últimos 2 semestres
    [THIS_FINANCIAL_YEAR] Este ano fiscal
    [LAST_FINANCIAL_YEAR] Ano fiscal passado
    [LAST_5_FINANCIAL_YEARS] Últimos 5 anos fiscais
    [LAST_10_FINANCIAL_YEARS] Últimos 10 anos fiscais
    [THIS_YEAR] Este ano
    [LAST_YEAR] Ano passado
    [LAST_5_YEARS] Últimos 5 anos
    [LAST_10_YEARS] Últimos 10 anos
   *[other] { $label }
}
relative-period-group = { $name ->
    [Days] Dias
    [Weeks] Semanas
    [BiWeeks] Quinzenas
    [Months] Meses
    [BiMonths] Bimestres
    [Quarters] Trimestres
    [SixMonths] Semestres
    [FinancialYears] Anos fiscais
    [Years] Anos
   *[other] { $label }
}

## Header bar, comparison and identifier schemes
header-apps = Aplicativos
header-apps-loading = Carregando aplicativos…
header-apps-error = Não foi possível listar os aplicativos: { $message }
header-profile = Perfil
header-back = Voltar ao DHIS2
header-logout = Sair
report-unchanged-skipped = Inalterados, não enviados
summary-destination-identifiers = { $name }; identificadores: { $schemes }
fit-sent-with-id-schemes = Os valores são enviados com o esquema de identificadores do destino: a sua importação decide o que guarda, e o relatório lista o que recusa.

## Rules, destinations, comparison and remaining texts
rules-loading = Carregando regras…
rules-could-not-load = Não foi possível carregar as regras
rules-could-not-open = Não foi possível abrir a regra: { $error }
rules-duplicated = Duplicada como "{ $name }".
rules-could-not-duplicate = Não foi possível duplicar a regra: { $error }
rules-deleted = "{ $name }" excluída.
rules-could-not-delete = Não foi possível excluir "{ $name }": { $error }
rules-pending-dropped = "{ $name }" não envia mais os valores que suas execuções deixaram pendentes.
rules-could-not-drop = Não foi possível descartar os valores de "{ $name }": { $error }
rules-could-not-export = Não foi possível exportar a regra: { $error }
rules-import = Importar regra de JSON…
rules-import-replace = { " " }Substituir uma regra com o mesmo id
rules-could-not-import = Não foi possível importar a regra: { $error }
rules-report = Relatório
rules-stored-by-older = Salva por uma versão anterior (esquema { $version }); salvá-la a atualiza.
rules-never-run = Nunca executada
rules-run-now = Executar agora
rules-edit = Editar
rules-duplicate = Duplicar
rules-export = Exportar
rules-cannot-run = Esta regra não pode ser executada:
rules-pending-values = { $count ->
    [one] { $count } valor pendente: a próxima execução o enviará de novo
   *[other] { $count } valores pendentes: a próxima execução os enviará de novo
}
rules-pending-drop = Descartá-los
rules-pending-question = Não enviá-los de novo?{ " " }
rules-pending-drop-confirm = Descartar
rules-pending-keep = Manter
rules-delete-question = Excluir "{ $name }"? Isso não pode ser desfeito.
rules-confirm-deletion = Confirmar a exclusão
rules-runner-seen = Os agendamentos são executados pelo aggsync { $version } em { $host } (última verificação { $at }).
rules-runner-seen-zone = Os agendamentos são executados pelo aggsync { $version } em { $host } (última verificação { $at }, { $zone }).
rules-runner-last-check = { " " }A última verificação foi feita por { $host } em { $at }.
rules-runner-missing = Nenhum executor verificou os agendamentos na última hora, então { $count ->
    [one] { $count } regra agendada não será executada sozinha.
   *[other] { $count } regras agendadas não serão executadas sozinhas.
}
rules-runner-setup = Como configurar um executor
rules-none-yet = Ainda não há regras. Escolha dados, percorra as etapas de sincronização e salve-as como regra, ou importe um arquivo de regra.
rules-what-it-sends = O que envia
rules-last-run = Última execução
rules-actions = Ações
rules-none-match = Nenhuma regra corresponde.
rules-schedule-paused = Pausado
rules-schedule-invalid = Não executada: o agendamento não pode ser lido ({ $error })
rules-schedule-due = Pendente desde { $at } (aguardando o executor)
rules-schedule-next = Próxima execução { $at }
rules-schedule-no-further-run = Nenhuma execução futura
rules-groups-unreadable = Não foi possível ler os grupos de usuários: { $error }
rules-cron-problem = Expressão cron: { $error }
rules-schedule-saved = Agendamento de "{ $name }" salvo.
rules-could-not-save = Não foi possível salvar: { $error }
rules-schedule-paused-done = Agendamento de "{ $name }" pausado.
rules-schedule-resumed = Agendamento de "{ $name }" retomado.
rules-schedule-gone = A regra não tem mais agendamento.
rules-schedule-notifies = Execuções agendadas com falha notificam { $name }
rules-schedule-resume = Retomar
rules-schedule-pause = Pausar
rules-schedule-change = Alterar
rules-not-scheduled = Não agendada
rules-cron-expression = Expressão cron
rules-schedule-notify = Quando uma execução agendada falhar, notificar{ " " }
rules-schedule-nobody = Ninguém
rules-sends-no-data = nenhum dado
rules-sends-org-units = { $count ->
    [one] { $count } unidade organizacional
   *[other] { $count } unidades organizacionais
}
rules-sends-no-org-unit = nenhuma unidade organizacional
rules-sends-category-options = { $count ->
    [one] { $count } opção de categoria
   *[other] { $count } opções de categoria
}
rules-sends-aggregated-to = agregação { $period_type ->
    [Daily] diária
    [Weekly] semanal
    [Monthly] mensal
    [Quarterly] trimestral
    [SixMonthly] semestral
    [Yearly] anual
   *[other] { $period_type }
}
rules-period-fixed = de { $start } a { $end }
rules-period-incremental = Desde a última sincronização bem-sucedida
rules-preset-daily = Diária
rules-preset-weekly = Semanal
rules-preset-monthly = Mensal
rules-unknown-destination = Destino desconhecido ({ $id })
rules-file-too-big = Este arquivo tem { $size } MB: um arquivo de regra tem no máximo { $max } MB. Escolha uma regra exportada pelo Aggregate Sync.
rules-copy-of = Cópia de { $name }
rules-imported = Regra "{ $name }" importada.
rules-imported-new-id = Regra "{ $name }" importada como nova regra: já existe uma regra com o mesmo id.
rules-replaced = Regra "{ $name }" substituída.
rules-imported-migrated = { " " }O arquivo foi gravado por uma versão anterior do aplicativo (esquema versão { $version }) e foi migrado para a versão { $current }.
rules-imported-note = { " " }Observação: { $note }.
rules-not-a-rule-file = Este arquivo não é uma regra que o Aggregate Sync possa importar. { $error }
destinations-kind-route = Rota
destinations-kind-route-server = Rota (servidor inteiro)
destinations-kind-direct-token = Direta com token
destinations-kind-direct-basic = Direta com Basic
destinations-this-instance = Esta instância
destinations-intro = Instâncias para as quais este aplicativo envia dados. Por uma rota, as credenciais ficam criptografadas neste servidor; um destino direto pede seu token ou senha uma vez por aba do navegador.
destinations-add = Adicionar destino
destinations-unreadable = Alguns destinos não puderam ser lidos
destinations-none-yet = Ainda não há destinos.
destinations-url = URL
destinations-connection = Conexão
destinations-last-test = Último teste
destinations-manage-denied = Você pode testar destinos, mas não adicioná-los, editá-los ou excluí-los: isso exige a autoridade "Manage destinations" (F_AGGREGATE_SYNC_MANAGE_DESTINATIONS) em um dos seus papéis de usuário. Peça ao administrador do DHIS2.
destinations-edit-title = Editar destino
destinations-could-not-open = Não foi possível abrir o destino
destinations-test-failed = O teste falhou
destinations-testing = Testando…
destinations-not-tested = Não testado
destinations-test-connection = Testar a conexão
destinations-narrow-hint = Esta rota alcança todo o servidor de destino; restrinja-a à sua API Web
destinations-narrow = Restringir a rota
destinations-delete-question = Tem certeza? Isso exclui o destino. As regras que enviam para ele precisarão de outro destino.
destinations-delete-question-route = Tem certeza? Isso exclui o destino e sua rota. As regras que enviam para ele precisarão de outro destino.
destinations-fix-to-save = Corrija estes problemas para salvar
destinations-could-not-save = Não foi possível salvar o destino
destinations-description = Descrição (opcional)
destinations-route-group = Grupo de usuários que também pode enviar pela rota (opcional)
destinations-route-group-help = O DHIS2 executa a rota para você, para usuários cujo papel tem "Manage destinations" (F_AGGREGATE_SYNC_MANAGE_DESTINATIONS) e para os membros deste grupo: para mais ninguém, o que quer que o aplicativo mostre. Escolha o grupo das pessoas que executam regras.
destinations-kind-route-option = Por uma rota desta instância (recomendado)
destinations-kind-direct-token-option = Direta, com um token de acesso pessoal
destinations-kind-direct-basic-option = Direta, com nome de usuário e senha
destinations-no-routes = Esta instância não tem rotas (exigem DHIS2 2.40 ou posterior), então o aplicativo alcança o destino diretamente do navegador.
destinations-url-input = URL do destino (sem /api)
destinations-route-credentials-help = O DHIS2 mantém as credenciais criptografadas na rota; este aplicativo nunca poderá lê-las novamente.
destinations-route-credentials-keep = { " " }Deixe-as vazias para manter as atuais da rota (uma URL alterada precisa delas de novo).
destinations-credentials = Credenciais para o destino
destinations-user-name-and-password = Nome de usuário e senha
destinations-group-change-note = Uma mudança de grupo se aplica quando as credenciais são digitadas novamente.
destinations-direct-help = O token ou a senha nunca é salvo: fica guardado só enquanto esta aba estiver aberta e é pedido de novo em uma nova aba. O destino deve permitir { $origin } na sua lista CORS.
destinations-token-optional = Token (opcional agora)
destinations-user-name-optional = Nome de usuário (opcional agora)
destinations-password-optional = Senha (opcional agora)
destinations-narrow-prompt = Restringir a rota à API Web do destino
destinations-narrow-help = Esta rota alcança todas as páginas do servidor de destino, incluindo seu login e aplicativos. Restrita, alcança apenas /api/. O DHIS2 nunca mostra as credenciais de uma rota: digite-as novamente, elas ficam criptografadas na rota.
destinations-scheme-same = Igual ao acima
destinations-scheme-uid = UID (os identificadores da origem)
destinations-scheme-code = Código
destinations-scheme-attribute = Valor de atributo
destinations-id-scheme = Esquema de identificadores
destinations-id-scheme-help = Como os valores enviados nomeiam seus elementos de dados, unidades organizacionais e combinações de opções de categoria. Mantenha UID quando o destino compartilha os metadados desta instância. Escolha Código (ou Nome, ou o valor de um atributo) quando ele foi construído separadamente mas usa os mesmos códigos: valores cujo item não tem código aqui não são enviados, e o relatório os lista.
destinations-scheme-all = Todos os identificadores
destinations-scheme-option-combos = Combinações de opções de categoria (também as de atributo)
destinations-scheme-attribute-uid = UID do atributo
destinations-plain-http = um destino direto precisa de uma URL https://: por http:// seu token ou senha atravessaria a rede em texto claro (http:// só é permitido para este computador: localhost, 127.0.0.1, ::1). Use https://, ou uma rota
destinations-same-instance = { $name } é esta própria instância (o mesmo systemId, { $system_id }): uma sincronização ali leria e escreveria os mesmos valores. Para escrever nesta instância de propósito, escolha o destino "Esta instância" (This instance)
destinations-superuser = { $user } é um superusuário (ALL) no destino. Use uma conta feita para a sincronização: um papel com apenas "Add/update data values" (F_DATAVALUE_ADD), compartilhamento de escrita de dados nos conjuntos de dados e opções de categoria que recebe, e as unidades organizacionais onde escreve como suas unidades de captura (veja o README).
destinations-test-same-instance = É a instância em que o aplicativo é executado
destinations-test-may-import = Este usuário pode importar valores de dados.
destinations-test-may-not-import = Este usuário não pode importar valores de dados: precisa da autoridade F_DATAVALUE_ADD (Add/update data values) ou ALL.
destinations-test-connected = Conectado a { $system } { $version }
destinations-test-acting-as = Atuando como { $name } ({ $user }).
destinations-test-cors = Bloqueado pela lista CORS do destino
destinations-test-credentials-refused = O destino recusou as credenciais
destinations-test-session-expired = Sua sessão expirou: entre novamente
destinations-test-access-denied = Acesso negado
destinations-test-not-found = Não encontrado: verifique a URL (a rota ou a API do destino está ausente)
destinations-test-route-unreachable = A rota não conseguiu alcançar o destino
destinations-test-refused = O servidor recusou a solicitação
destinations-test-unreachable = O destino está inacessível
destinations-test-busy = O destino está ocupado: tente mais tarde
destinations-test-not-dhis2 = A resposta não vem de uma instância DHIS2
destinations-enter-user-name = digite o nome de usuário
destinations-enter-password = digite a senha
destinations-enter-route-secret = digite o token ou a senha que a rota usará (o DHIS2 nunca mostra os salvos)
destinations-enter-token = digite o token
destinations-not-a-route = só um destino por rota tem uma rota
compare-complete-earlier-steps = conclua primeiro as etapas anteriores
compare-choose-destination = escolha primeiro um destino
compare-comparing = Comparando…
compare-button = Comparar com o destino
compare-failed = Não foi possível comparar com o destino
compare-headline = Comparado com { $destination }: { $new } novos, { $changed } alterados, { $unchanged } inalterados, { $deleted } a excluir.
compare-new = Novos
compare-changed = Alterados
compare-unchanged = Inalterados
compare-to-delete = A excluir
compare-skip-unchanged = Pular valores inalterados: enviar apenas o que é novo ou alterado (e as exclusões)
compare-examples = Exemplos
compare-download = Baixar a comparação (JSON)
compare-download-failed = Não foi possível preparar o arquivo de comparação
download-refused = o navegador recusou o download
report-chunk-upsert = Inclusão/atualização
report-chunk-delete = Exclusão
report-import-success = SUCESSO
report-import-warning = AVISO
report-import-error = ERRO
history-select-all-on-page = Selecionar tudo nesta página
history-select-row = Selecionar
run-progress-label = Progresso da sincronização
data-nothing-of-type-selected = Nada deste tipo está selecionado.
data-loading-selection = Carregando a seleção…
app-page-not-built = Esta página ainda não foi construída.
data-elements-of = Elementos de dados de { $name }
rules-file-unreadable = não foi possível ler o arquivo { $name }
run-destination-unreadable = não foi possível ler o destino: { $error }
rules-browser-could-not-make-file = o navegador não conseguiu criar o arquivo
rules-browser-could-not-find-page = o navegador não encontrou a página
rules-browser-could-not-start-download = o navegador não conseguiu iniciar o download
