# Aggregate Sync: mensajes en español (traducción en borrador, por revisar).
# Mismas claves que en.ftl; un mensaje que falte aquí se muestra en inglés.

## App shell

app-loading = Cargando…
app-could-not-start = Aggregate Sync no pudo iniciarse
app-page-not-found = Página no encontrada
app-no-page-at = No hay ninguna página en { $path }
app-name = Aggregate Sync

## Common words

common-name = Nombre
common-cancel = Cancelar
common-continue = Continuar
common-yes = Sí
common-no = No

## Navigation

nav-main = Principal
nav-data = Datos
nav-rules = Reglas
nav-history = Historial
nav-destinations = Destinos
nav-settings = Configuración

pagination-label = Paginación
pagination-summary = Página { $page } de { $pages }, { $total ->
    [one] { $total } elemento
   *[other] { $total } elementos
}
pagination-previous = Anterior
pagination-next = Siguiente

access-denied-title = No tiene acceso a Aggregate Sync
access-denied-message = Las reglas, el historial de sincronizaciones y la configuración solo están disponibles para usuarios con la autoridad de aplicación "Aggregate Sync" (M_aggregatesync). Pida a su administrador de DHIS2 que la añada a uno de sus roles de usuario.

conflict-title = Esto se modificó mientras usted lo editaba
conflict-overwrite = Sobrescribir sus cambios
conflict-reload = Cargar su versión (descartar la mía)

secret-enter-token = Introduzca el token.
secret-enter-password = Introduzca el nombre de usuario y la contraseña.
secret-token-prompt = Token de acceso personal para { $destination }
secret-password-prompt = Nombre de usuario y contraseña para { $destination }
secret-token = Token
secret-user-name = Nombre de usuario
secret-password = Contraseña
secret-kept-in-tab = Solo se conserva mientras esta pestaña del navegador esté abierta y nunca se guarda.

## Organisation unit tree

tree-open = Abrir
tree-close = Cerrar
tree-find-by-name = Buscar una unidad organizativa por nombre
tree-searching = Buscando…
tree-no-match = Ninguna unidad organizativa tiene este nombre.
tree-matches-shown = { $shown } de { $total } { $total ->
    [one] coincidencia mostrada
   *[other] coincidencias mostradas
}: flechas para moverse, Intro para elegir.
tree-search-failed = No se pudo buscar: { $message }
tree-matching-units = Unidades organizativas coincidentes
tree-show-more = Mostrar más coincidencias

## Data selection

data-title = Datos para sincronizar
data-loading-data-sets = Cargando conjuntos de datos…
data-loading-data-elements = Cargando elementos de datos…
data-loading-groups = Cargando grupos de elementos de datos…
data-selected-column = Seleccionado
data-period-type = Tipo de periodo
data-last-updated = Última actualización
data-data-elements = Elementos de datos
data-no-data-sets-match = Ningún conjunto de datos coincide.
data-no-data-elements-match = Ningún elemento de datos coincide.
data-no-groups-match = Ningún grupo de elementos de datos coincide.
data-could-not-load-data-sets = No se pudieron cargar los conjuntos de datos
data-could-not-load-data-elements = No se pudieron cargar los elementos de datos
data-could-not-load-groups = No se pudieron cargar los grupos de elementos de datos
data-could-not-load-elements = No se pudieron cargar los elementos de datos
data-could-not-load-selection = No se pudo cargar la selección
data-select-item = Seleccionar { $name }
data-hide-elements = Ocultar elementos de datos
data-show-elements = Mostrar elementos de datos
data-set-has-no-elements = Este conjunto de datos no tiene elementos de datos.
data-value-and-aggregation-type = Tipo de valor y de agregación
data-type-data-sets = Conjuntos de datos
data-type-data-elements = Elementos de datos
data-type-groups = Grupos de elementos de datos
data-metadata-type = Tipo de metadatos
data-filter-by-name = Filtrar por nombre
data-last-updated-since = Actualizado desde
data-only-selected = Solo seleccionados
data-nothing-selected-reason = Seleccione un conjunto de datos, un elemento de datos o un grupo de elementos de datos para sincronizar.
data-clear-selection = Borrar selección
data-sync = Sincronizar
data-nothing-selected = Nada seleccionado
data-count-data-sets = { $count ->
    [one] { $count } conjunto de datos
   *[other] { $count } conjuntos de datos
}
data-count-with-excluded = { $part } ({ $count ->
    [one] { $count } elemento de datos excluido
   *[other] { $count } elementos de datos excluidos
})
data-count-data-elements = { $count ->
    [one] { $count } elemento de datos
   *[other] { $count } elementos de datos
}
data-count-groups = { $count ->
    [one] { $count } grupo de elementos de datos
   *[other] { $count } grupos de elementos de datos
}
data-selected-summary = Seleccionado: { $parts }

## Wizard

wizard-title = Sincronizar datos
wizard-nothing-selected = No hay nada seleccionado para sincronizar
wizard-choose-data-first = Elija primero los conjuntos de datos, elementos de datos o grupos de elementos de datos que desea enviar.
wizard-go-to-data = Ir a la selección de datos
wizard-back = Atrás
wizard-next = Siguiente

step-data = Datos
step-org-units = Unidades organizativas
step-period = Periodo
step-category-options = Opciones de categoría
step-aggregation = Agregación
step-instance = Instancia
step-summary = Resumen

problems-fix-to-continue = Corrija estos problemas para continuar
problems-please-check = Compruebe
problems-go-to-step = Ir a: { $step }

org-units-aggregating-note = La agregación está activada: cada unidad organizativa seleccionada recibe el agregado de sus propios valores y de los de todas sus unidades hijas.
org-units-not-aggregating-note = Una unidad organizativa padre no incluye a sus hijas: solo se envían los valores introducidos para las propias unidades seleccionadas. Active la agregación (paso 4) para enviar a cada unidad seleccionada el total de todo su subárbol.
org-units-loading = Cargando unidades organizativas…
org-units-chosen = { $name } está seleccionada y se muestra en el árbol.
org-units-count = { $count ->
    [one] { $count } unidad organizativa seleccionada
   *[other] { $count } unidades organizativas seleccionadas
}
org-units-could-not-load = No se pudieron cargar las unidades organizativas
org-units-level = Nivel
org-units-choose-level = Elija un nivel
org-units-select-level = Seleccionar nivel
org-units-deselect-level = Deseleccionar nivel
org-units-group = Grupo
org-units-choose-group = Elija un grupo
org-units-select-group = Seleccionar grupo
org-units-deselect-group = Deseleccionar grupo
org-units-could-not-load-levels = No se pudieron cargar los niveles y grupos
org-units-select-all = Seleccionar todo
org-units-clear = Borrar
org-units-could-not-select = No se pudieron seleccionar las unidades organizativas

period-which = Qué periodos enviar
period-relative = Periodo predefinido
period-fixed = Fechas de inicio y fin fijas
period-incremental = Desde la última sincronización correcta (reglas guardadas)
period-incremental-help = Envía cada valor añadido, modificado o eliminado en el origen desde la última sincronización correcta de la regla (el lastUpdated de DHIS2, hora del servidor de origen), sea cual sea su periodo: las ediciones de periodos antiguos se vuelven a enviar, las eliminaciones como eliminaciones.
period-watermark = Última sincronización correcta: { $at } (hora del servidor de origen)
period-not-synced-yet = Aún no sincronizada: la primera ejecución envía los valores modificados desde la fecha de abajo, o todos.
period-initial-since = Primera ejecución: cambios desde (opcional)
period-choose = Elija un periodo
period-start-date = Fecha de inicio
period-end-date = Fecha de fin
period-from-to = Del { $start } al { $end }
period-resolved-periods = { " " }({ $count ->
    [one] { $count } periodo
   *[other] { $count } periodos
}: { $periods })

category-options-help = Las opciones de categoría de atributo (como los mecanismos de financiación) dividen los valores de un conjunto de datos. Envíe los valores de todas las opciones o solo los de las opciones que elija.
category-options-which = Qué opciones de categoría de atributo enviar
category-options-all = Todas las opciones de categoría de atributo
category-options-choose = Elegir opciones de categoría
category-options-loading = Cargando opciones de categoría…
category-options-none = Los conjuntos de datos seleccionados no tienen combinación de categorías de atributo: no hay nada que elegir, se envían todos los valores.
category-options-could-not-load = No se pudieron cargar las opciones de categoría

period-type-daily = Diario
period-type-weekly = Semanal
period-type-monthly = Mensual
period-type-quarterly = Trimestral
period-type-six-monthly = Semestral
period-type-yearly = Anual
period-type-financial-april = Año fiscal que empieza en abril
period-type-financial-july = Año fiscal que empieza en julio
period-type-financial-september = Año fiscal que empieza en septiembre
period-type-financial-october = Año fiscal que empieza en octubre
period-type-financial-november = Año fiscal que empieza en noviembre

aggregation-toggle = Agregar los valores antes de enviarlos
aggregation-off-note = La agregación está desactivada: los valores se envían tal cual, solo para las unidades organizativas seleccionadas.
aggregation-period-type = Tipo de periodo al que agregar
aggregation-choose-period-type = Elija un tipo de periodo
aggregation-explanation = Cada unidad organizativa seleccionada recibe el agregado de sus propios valores y de los valores de todas sus hijas, para cada periodo del tipo elegido. Cada elemento de datos se agrega como lo hace la analítica de DHIS2, según su tipo de agregación: las sumas se suman, los promedios se promedian, los tipos "último valor" toman el valor más reciente, etc. La agregación se ejecuta en su navegador.
aggregation-checking = Comprobando los elementos de datos…
aggregation-all-aggregatable = Los { $total } elementos de datos seleccionados se pueden agregar.
aggregation-not-aggregatable = { $count } de { $total } elementos de datos seleccionados no se pueden agregar
aggregation-not-aggregatable-note = Sus valores no se envían al agregar; el informe los enumera como no agregados.
aggregation-could-not-load = No se pudieron cargar los elementos de datos seleccionados
aggregation-shorter-than-data = Los datos se recogen en periodos más largos

strategy-create-and-update = Nuevos y actualizaciones
strategy-create = Nuevos
strategy-update = Actualizaciones

instance-heading = Instancia de destino
instance-where = Adónde se envían los datos.
instance-manage-destinations = Gestionar destinos
instance-loading = Cargando destinos…
instance-destination = Destino
instance-unreadable = Algunos destinos guardados no se pudieron leer
instance-could-not-load = No se pudieron cargar los destinos
instance-advanced = Opciones avanzadas
instance-dry-run = Simulación: el destino comprueba los datos sin guardarlos
instance-import-strategy = Estrategia de importación
instance-send-deletions = Enviar las eliminaciones hechas en el origen

destination-current-instance = la instancia en la que se ejecuta esta aplicación
destination-through-route = { $url } (a través de una ruta)
destination-direct = { $url } (directo)

summary-unknown-destination = destino desconocido { $id }
summary-preparing = Preparando el resumen…
summary-could-not-prepare = No se pudo preparar el resumen
summary-synchronize = Sincronizar ahora
summary-none-chosen = Ninguno elegido
summary-fixed-dates = Fechas fijas
summary-since-last-sync = Cambios desde la última sincronización correcta
summary-period-dates = { $name }: del { $start } al { $end }
summary-all = Todas
summary-chosen = { $count ->
    [one] { $count } elegida
   *[other] { $count } elegidas
}
summary-aggregation-on = { $period_type }, cada unidad seleccionada con todas sus hijas
summary-aggregation-off = Desactivada: los valores se envían tal cual
summary-and-more = { " " }y { $count } más
summary-data-sets = Conjuntos de datos
summary-none = Ninguno
summary-data-elements = Elementos de datos
summary-dry-run = Simulación
summary-send-deletions = Enviar eliminaciones
summary-read-requests = Solicitudes de lectura

save-rule-title = Guardar como regla
save-rule-help = Una regla guarda estas opciones con un nombre para poder ejecutarlas de nuevo, a mano o según una programación.
save-rule-name = Nombre (obligatorio)
save-rule-code = Código
save-rule-description = Descripción
save-rule-saved = La regla se ha guardado.
save-rule-see-rules = Ver las reglas
save-rule-reloaded = Se ha cargado su versión: sus cambios se descartaron. Revise los pasos y vuelva a guardar.
save-rule-cannot-save-yet = La regla aún no se puede guardar
save-rule-could-not-save = No se pudo guardar la regla

schedule-label = Programación
schedule-by-hand = Solo ejecución manual
schedule-daily = Todos los días a las 02:00
schedule-weekly = Todos los lunes a las 02:00
schedule-monthly = El primero de cada mes a las 02:00
schedule-custom = Personalizada
schedule-cron = Expresión cron (minuto hora día mes día-de-la-semana)

fit-complete-earlier-steps = Complete los pasos anteriores para ver lo que guardará el destino.
fit-choose-destination = Elija un destino para ver lo que guardará.
fit-nothing-changed = Nada ha cambiado desde la última ejecución: no se enviaría nada.
fit-destination-not-stored = el destino { $id } no está guardado
fit-checking = Comprobando lo que guardará el destino…
fit-needs-credentials = Lo que { $name } guardará se comprueba al iniciar la ejecución, una vez introducidas sus credenciales.
fit-failed = No se pudo comprobar lo que guardará el destino
fit-checks-again = La ejecución vuelve a comprobarlo al iniciarse.
fit-all = { $destination } puede guardar los valores de los { $total } elementos de datos seleccionados.
fit-left-out = { $count } de { $total } elementos de datos seleccionados no se pueden guardar en { $destination }
fit-rounded = { $count } se redondearán a números enteros
fit-refused-note = Los valores que el destino rechazaría se dejan fuera y no se envían; el informe los enumera con el motivo.
fit-item-left-out = : excluido —{ " " }
fit-item-rounded = : redondeado —{ " " }

download-preparing = Preparando el archivo…
download-json = Descargar JSON
download-result = Descargados { $upserts } valores para enviar y { $deletions } eliminaciones.
download-could-not-prepare = No se pudo preparar el archivo JSON

## Run

phase-idle = Sin empezar
phase-locking = Comprobando que no haya otra ejecución de esta regla en curso
phase-preparing = Preparando
phase-reading = Leyendo y enviando valores
phase-aggregating = Agregando
phase-writing = Enviando valores
phase-saving = Guardando el informe
phase-finished = Terminada

run-retrying = { $what }: el intento { $attempt } falló ({ $error }); se reintentará en { $seconds } s
run-report-not-saved = no se pudo guardar el informe en el historial: { $error }
run-not-recorded = no se pudo registrar la última ejecución de la regla: { $error }
run-credentials-token = { $name } ({ $url }) se alcanza directamente. Introduzca su token de acceso personal para esta ejecución; no se guarda.
run-credentials-password = { $name } ({ $url }) se alcanza directamente. Introduzca su nombre de usuario y contraseña para esta ejecución; no se guardan.
run-personal-access-token = Token de acceso personal
run-start = Iniciar la sincronización
run-destination-not-loaded = no se pudo cargar el destino { $id }: { $error }
run-leaving-stops-it = Hay una sincronización en curso: salir la detiene.
run-title = Sincronizar
run-finding-destination = Buscando el destino…
run-could-not-start = No se pudo iniciar la sincronización
run-nothing = No hay ninguna sincronización en curso. Elija qué enviar y recorra los pasos; después pulse Sincronizar ahora.
run-start-draft = Sincronizar la selección actual
run-values-read = Valores leídos
run-values-sent = Valores enviados
run-chunks = Lotes
run-chunks-done = { $done } de { $total }
run-elapsed = Transcurrido
run-time-left = Tiempo restante
run-estimating = estimando…
run-session-expired = Su sesión ha caducado
run-session-expired-help = La sincronización está en pausa, no se pierde nada. Vuelva a iniciar sesión en la nueva pestaña y luego regrese y continúe.
run-log-in-again = Volver a iniciar sesión
run-cancelling = Cancelando…
run-status = Estado:
run-download-report = Descargar el informe completo
run-open-report = Abrir el informe

duration-ms = { $ms } ms
duration-seconds = { $seconds } s
duration-minutes = { $minutes } min { $seconds } s
rate-values-per-second = { $rate } valores/s

## Report

report-title = Informe de sincronización
report-loading = Cargando el informe…
report-could-not-load = No se pudo cargar el informe
report-manual-sync = Sincronización manual
report-rule = Regla { $name }
report-dry-run = Simulación: no se escribió nada
report-origin = { $origin } por { $user } a { $destination }, iniciada el { $started }
report-origin-finished = { $origin } por { $user } a { $destination }, iniciada el { $started }, terminada el { $finished }
report-started-by = Iniciada: { $label }
report-read = Leídos
report-sent = Enviados
report-time-reading = Lectura
report-time-aggregating = Agregación
report-time-writing = Lectura y escritura
report-errors = Errores
report-notes = Notas
report-interrupted = Esta ejecución se detuvo sin terminar
report-interrupted-help = Puede continuar a partir de lo que confirmó el destino: nada confirmado se vuelve a enviar.
report-resume = Reanudar
report-send-again = Volver a enviar los { $count } valores que fallaron
report-not-listed = { " " }({ $count } más se cuentan pero no se guardan en el historial: descargue el informe completo desde la ejecución para verlos.)
report-conflicts = Conflictos
report-no-conflicts = El destino no informó de ningún conflicto.
report-conflict-code = Código
report-conflict-message = Mensaje
report-conflict-values = Valores
report-conflict-chunk = Lote
report-values-not-written = Valores no escritos
report-values-not-written-help = El destino rechazó estos valores, no dijo qué fue de ellos o nunca se enviaron. Una próxima ejecución de la regla los vuelve a enviar.
report-values-left-out = Valores excluidos
report-values-left-out-help = Excluidos antes del envío porque el destino los rechazaría.
report-not-stored = { $count } valores más se cuentan pero no se enumeran en el informe guardado.
report-not-aggregated = No agregados
report-chunks = Lotes y respuestas sin procesar ({ $count })
report-chunk-title = Lote { $index } ({ $kind }): { $values } valores, { $attempts } intento(s), { $outcome }
report-no-response = sin respuesta
report-data-statistics = Estadísticas de datos
report-no-data-elements = Ningún elemento de datos tenía valores para enviar.
report-stats-estimated = ≈ DHIS2 cuenta por lote, no por valor: cuando un lote mezclaba elementos de datos y cuenta más de un tipo, se reparten entre los valores de cada elemento de datos del lote.
report-data-element = Elemento de datos
report-chart-label = Valores por elemento de datos, según su destino final

stat-imported = Importados
stat-updated = Actualizados
stat-deleted = Eliminados
stat-ignored = Ignorados
stat-refused = Rechazados
stat-fate-unknown = Destino desconocido
stat-not-sent = No enviados

## History

status-success = Correcta
status-warning = Advertencia
status-error = Error
status-cancelled = Cancelada
status-dry-run = Simulación
status-running = En curso
status-interrupted = Interrumpida
status-skipped = Omitida

history-delete-selected = Eliminar selección ({ $count })
history-delete-question = ¿Eliminar { $count ->
    [one] { $count } informe
   *[other] { $count } informes
}? No se puede deshacer.
history-deleting = Eliminando…
history-delete = Eliminar
history-deleted = { $count ->
    [one] { $count } informe eliminado.
   *[other] { $count } informes eliminados.
}
history-some-not-deleted = Algunos informes no se pudieron eliminar
history-status = Estado
history-all = Todos
history-rule = Regla
history-manual = Manual
history-started-from = Iniciada desde
history-started-until = Iniciada hasta
history-clear-filters = Borrar filtros
history-loading = Cargando el historial…
history-pruned = Se eliminaron { $count } informes más antiguos que el periodo de conservación.
history-old-not-deleted = No se pudieron eliminar los informes antiguos
history-empty = Ninguna sincronización coincide.
history-could-not-load = No se pudo cargar el historial
history-counts = { $imported } importados, { $updated } actualizados, { $ignored } ignorados, { $deleted } eliminados
history-started = Inicio
history-run-by = Ejecutada por
history-counts-column = Recuentos
history-duration = Duración
history-broken = El informe { $id } no se puede leer: { $message }
history-broken-tag = Ilegible

## Settings

settings-strategy-create = Solo nuevos
settings-strategy-update = Solo actualizaciones
settings-retention = Conservar los informes durante (días)
settings-retention-help = Los informes más antiguos se eliminan. De { $min } a { $max } días.
settings-read-chunk = Unidades organizativas por solicitud de lectura
settings-read-chunk-help = Cuántas unidades organizativas pide cada lectura del origen. De { $min } a { $max }.
settings-write-chunk = Valores por solicitud de escritura
settings-write-chunk-help = Cuántos valores envía cada solicitud al destino. De { $min } a { $max }.
settings-default-strategy = Estrategia de importación predeterminada
settings-dry-run = Las nuevas sincronizaciones empiezan como simulación
settings-saving = Guardando…
settings-save = Guardar
settings-saved = Configuración guardada.
settings-not-saved = La configuración no se guardó. Corrija estos problemas:
settings-could-not-save = No se pudo guardar la configuración
settings-loading = Cargando la configuración…
settings-out-of-range = Algunos valores guardados estaban fuera de rango
settings-out-of-range-message = { $problems }. Se usan y muestran los valores predeterminados; al guardar se conservan.
settings-unreadable = No se puede leer la configuración guardada
settings-unreadable-message = { $error }. El formulario muestra los valores predeterminados; al guardar se sustituye la configuración guardada.

## Relative periods (DHIS2's keywords; the English label where a keyword is not listed)

relative-period = { $name ->
    [TODAY] Hoy
    [YESTERDAY] Ayer
    [LAST_3_DAYS] Últimos 3 días
    [LAST_7_DAYS] Últimos 7 días
    [LAST_14_DAYS] Últimos 14 días
    [LAST_30_DAYS] Últimos 30 días
    [LAST_60_DAYS] Últimos 60 días
    [LAST_90_DAYS] Últimos 90 días
    [LAST_180_DAYS] Últimos 180 días
    [THIS_WEEK] Esta semana
    [LAST_WEEK] Semana pasada
    [LAST_4_WEEKS] Últimas 4 semanas
    [LAST_12_WEEKS] Últimas 12 semanas
    [LAST_52_WEEKS] Últimas 52 semanas
    [WEEKS_THIS_YEAR] Semanas de este año
    [THIS_BIWEEK] Esta quincena
    [LAST_BIWEEK] Quincena pasada
    [LAST_4_BIWEEKS] Últimas 4 quincenas
    [THIS_MONTH] Este mes
    [LAST_MONTH] Mes pasado
    [LAST_3_MONTHS] Últimos 3 meses
    [LAST_6_MONTHS] Últimos 6 meses
    [LAST_12_MONTHS] Últimos 12 meses
    [MONTHS_THIS_YEAR] Meses de este año
    [MONTHS_LAST_YEAR] Meses del año pasado
    [THIS_BIMONTH] Este bimestre
    [LAST_BIMONTH] Bimestre pasado
    [LAST_6_BIMONTHS] Últimos 6 bimestres
    [BIMONTHS_THIS_YEAR] Bimestres de este año
    [THIS_QUARTER] Este trimestre
    [LAST_QUARTER] Trimestre pasado
    [LAST_4_QUARTERS] Últimos 4 trimestres
    [QUARTERS_THIS_YEAR] Trimestres de este año
    [QUARTERS_LAST_YEAR] Trimestres del año pasado
    [THIS_SIX_MONTH] Este semestre
    [LAST_SIX_MONTH] Semestre pasado
    [LAST_2_SIXMONTHS] Últimos 2 semestres
    [THIS_FINANCIAL_YEAR] Este año fiscal
    [LAST_FINANCIAL_YEAR] Año fiscal pasado
    [LAST_5_FINANCIAL_YEARS] Últimos 5 años fiscales
    [LAST_10_FINANCIAL_YEARS] Últimos 10 años fiscales
    [THIS_YEAR] Este año
    [LAST_YEAR] Año pasado
    [LAST_5_YEARS] Últimos 5 años
    [LAST_10_YEARS] Últimos 10 años
   *[other] { $label }
}
relative-period-group = { $name ->
    [Days] Días
    [Weeks] Semanas
    [BiWeeks] Quincenas
    [Months] Meses
    [BiMonths] Bimestres
    [Quarters] Trimestres
    [SixMonths] Semestres
    [FinancialYears] Años fiscales
    [Years] Años
   *[other] { $label }
}

## Header bar, comparison and identifier schemes
header-apps = Aplicaciones
header-apps-loading = Cargando aplicaciones…
header-apps-error = No se pudieron listar las aplicaciones: { $message }
header-profile = Perfil
header-back = Volver a DHIS2
header-logout = Cerrar sesión
report-unchanged-skipped = Sin cambios, no enviados
summary-destination-identifiers = { $name }; identificadores: { $schemes }
fit-sent-with-id-schemes = Los valores se envían con el esquema de identificadores del destino: su importación decide qué guarda, y el informe lista lo que rechaza.
