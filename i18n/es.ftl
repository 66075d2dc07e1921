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

## Rules, destinations, comparison and remaining texts
rules-loading = Cargando reglas…
rules-could-not-load = No se pudieron cargar las reglas
rules-could-not-open = No se pudo abrir la regla: { $error }
rules-duplicated = Duplicada como «{ $name }».
rules-could-not-duplicate = No se pudo duplicar la regla: { $error }
rules-deleted = «{ $name }» eliminada.
rules-could-not-delete = No se pudo eliminar «{ $name }»: { $error }
rules-pending-dropped = «{ $name }» ya no envía los valores que sus ejecuciones dejaron pendientes.
rules-could-not-drop = No se pudieron descartar los valores de «{ $name }»: { $error }
rules-could-not-export = No se pudo exportar la regla: { $error }
rules-import = Importar regla desde JSON…
rules-import-replace = { " " }Reemplazar una regla con el mismo id
rules-could-not-import = No se pudo importar la regla: { $error }
rules-report = Informe
rules-stored-by-older = Guardada por una versión anterior (esquema { $version }); guardarla la actualiza.
rules-never-run = Nunca ejecutada
rules-run-now = Ejecutar ahora
rules-edit = Editar
rules-duplicate = Duplicar
rules-export = Exportar
rules-cannot-run = Esta regla no puede ejecutarse:
rules-pending-values = { $count ->
    [one] { $count } valor pendiente: la próxima ejecución lo enviará de nuevo
   *[other] { $count } valores pendientes: la próxima ejecución los enviará de nuevo
}
rules-pending-drop = Descartarlos
rules-pending-question = ¿No volver a enviarlos?{ " " }
rules-pending-drop-confirm = Descartar
rules-pending-keep = Conservar
rules-delete-question = ¿Eliminar «{ $name }»? No se puede deshacer.
rules-confirm-deletion = Confirmar la eliminación
rules-runner-seen = Las programaciones las ejecuta aggsync { $version } en { $host } (última comprobación { $at }).
rules-runner-seen-zone = Las programaciones las ejecuta aggsync { $version } en { $host } (última comprobación { $at }, { $zone }).
rules-runner-last-check = { " " }La última comprobación la hizo { $host } el { $at }.
rules-runner-missing = Ningún ejecutor ha comprobado las programaciones en la última hora, así que { $count ->
    [one] { $count } regla programada no se ejecutará sola.
   *[other] { $count } reglas programadas no se ejecutarán solas.
}
rules-runner-setup = Cómo configurar un ejecutor
rules-none-yet = Aún no hay reglas. Elija datos, recorra los pasos de sincronización y guárdelos como regla, o importe un archivo de regla.
rules-what-it-sends = Qué envía
rules-last-run = Última ejecución
rules-actions = Acciones
rules-none-match = Ninguna regla coincide.
rules-schedule-paused = En pausa
rules-schedule-invalid = No se ejecuta: la programación no se puede leer ({ $error })
rules-schedule-due = Pendiente desde { $at } (esperando al ejecutor)
rules-schedule-next = Próxima ejecución { $at }
rules-schedule-no-further-run = Ninguna ejecución más
rules-groups-unreadable = No se pudieron leer los grupos de usuarios: { $error }
rules-cron-problem = Expresión cron: { $error }
rules-schedule-saved = Programación de «{ $name }» guardada.
rules-could-not-save = No se pudo guardar: { $error }
rules-schedule-paused-done = Programación de «{ $name }» en pausa.
rules-schedule-resumed = Programación de «{ $name }» reanudada.
rules-schedule-gone = La regla ya no tiene programación.
rules-schedule-notifies = Las ejecuciones programadas fallidas avisan a { $name }
rules-schedule-resume = Reanudar
rules-schedule-pause = Pausar
rules-schedule-change = Cambiar
rules-not-scheduled = Sin programar
rules-cron-expression = Expresión cron
rules-schedule-notify = Cuando una ejecución programada falle, avisar a{ " " }
rules-schedule-nobody = Nadie
rules-sends-no-data = sin datos
rules-sends-org-units = { $count ->
    [one] { $count } unidad organizativa
   *[other] { $count } unidades organizativas
}
rules-sends-no-org-unit = ninguna unidad organizativa
rules-sends-category-options = { $count ->
    [one] { $count } opción de categoría
   *[other] { $count } opciones de categoría
}
rules-sends-aggregated-to = agregación { $period_type ->
    [Daily] diaria
    [Weekly] semanal
    [Monthly] mensual
    [Quarterly] trimestral
    [SixMonthly] semestral
    [Yearly] anual
   *[other] { $period_type }
}
rules-period-fixed = del { $start } al { $end }
rules-period-incremental = Desde la última sincronización correcta
rules-preset-daily = Diaria
rules-preset-weekly = Semanal
rules-preset-monthly = Mensual
rules-unknown-destination = Destino desconocido ({ $id })
rules-file-too-big = Este archivo ocupa { $size } MB: un archivo de regla ocupa como máximo { $max } MB. Elija una regla exportada por Aggregate Sync.
rules-copy-of = Copia de { $name }
rules-imported = Regla «{ $name }» importada.
rules-imported-new-id = Regla «{ $name }» importada como regla nueva: ya existe una regla con el mismo id.
rules-replaced = Regla «{ $name }» reemplazada.
rules-imported-migrated = { " " }El archivo lo escribió una versión anterior de la aplicación (esquema versión { $version }) y se migró a la versión { $current }.
rules-imported-note = { " " }Nota: { $note }.
rules-not-a-rule-file = Este archivo no es una regla que Aggregate Sync pueda importar. { $error }
destinations-kind-route = Ruta
destinations-kind-route-server = Ruta (servidor completo)
destinations-kind-direct-token = Directa con token
destinations-kind-direct-basic = Directa con Basic
destinations-this-instance = Esta instancia
destinations-intro = Instancias a las que esta aplicación envía datos. Con una ruta, las credenciales quedan cifradas en este servidor; un destino directo pide su token o contraseña una vez por pestaña del navegador.
destinations-add = Añadir destino
destinations-unreadable = Algunos destinos no se pudieron leer
destinations-none-yet = Aún no hay destinos.
destinations-url = URL
destinations-connection = Conexión
destinations-last-test = Última prueba
destinations-manage-denied = Puede probar los destinos pero no añadirlos, editarlos ni eliminarlos: para ello necesita la autoridad «Manage destinations» (F_AGGREGATE_SYNC_MANAGE_DESTINATIONS) en uno de sus roles de usuario. Pídala a su administrador de DHIS2.
destinations-edit-title = Editar destino
destinations-could-not-open = No se pudo abrir el destino
destinations-test-failed = La prueba falló
destinations-testing = Probando…
destinations-not-tested = Sin probar
destinations-test-connection = Probar la conexión
destinations-narrow-hint = Esta ruta alcanza todo el servidor de destino; restrínjala a su API web
destinations-narrow = Restringir la ruta
destinations-delete-question = ¿Está seguro? Esto elimina el destino. Las reglas que envían a él necesitarán otro destino.
destinations-delete-question-route = ¿Está seguro? Esto elimina el destino y su ruta. Las reglas que envían a él necesitarán otro destino.
destinations-fix-to-save = Corrija estos problemas para guardar
destinations-could-not-save = No se pudo guardar el destino
destinations-description = Descripción (opcional)
destinations-route-group = Grupo de usuarios que también puede enviar por la ruta (opcional)
destinations-route-group-help = DHIS2 ejecuta la ruta para usted, para los usuarios cuyo rol tiene «Manage destinations» (F_AGGREGATE_SYNC_MANAGE_DESTINATIONS) y para los miembros de este grupo: para nadie más, muestre lo que muestre la aplicación. Elija el grupo de las personas que ejecutan reglas.
destinations-kind-route-option = Mediante una ruta de esta instancia (recomendado)
destinations-kind-direct-token-option = Directa, con un token de acceso personal
destinations-kind-direct-basic-option = Directa, con usuario y contraseña
destinations-no-routes = Esta instancia no tiene rutas (requieren DHIS2 2.40 o posterior), así que la aplicación llega al destino directamente desde el navegador.
destinations-url-input = URL del destino (sin /api)
destinations-route-credentials-help = DHIS2 guarda las credenciales cifradas en la ruta; esta aplicación nunca podrá volver a leerlas.
destinations-route-credentials-keep = { " " }Déjelas vacías para conservar las actuales de la ruta (una URL cambiada las necesita de nuevo).
destinations-credentials = Credenciales para el destino
destinations-user-name-and-password = Usuario y contraseña
destinations-group-change-note = Un cambio de grupo se aplica cuando se vuelven a escribir las credenciales.
destinations-direct-help = El token o la contraseña nunca se guardan: se conservan solo mientras esta pestaña esté abierta y se piden de nuevo en una pestaña nueva. El destino debe permitir { $origin } en su lista CORS.
destinations-token-optional = Token (opcional ahora)
destinations-user-name-optional = Usuario (opcional ahora)
destinations-password-optional = Contraseña (opcional ahora)
destinations-narrow-prompt = Restringir la ruta a la API web del destino
destinations-narrow-help = Esta ruta alcanza todas las páginas del servidor de destino, incluidos su inicio de sesión y sus aplicaciones. Restringida, solo alcanza /api/. DHIS2 nunca muestra las credenciales de una ruta: escríbalas de nuevo, se guardan cifradas en la ruta.
destinations-scheme-same = Igual que arriba
destinations-scheme-uid = UID (los identificadores de la fuente)
destinations-scheme-code = Código
destinations-scheme-attribute = Valor de atributo
destinations-id-scheme = Esquema de identificadores
destinations-id-scheme-help = Cómo nombran los valores enviados sus elementos de datos, unidades organizativas y combinaciones de opciones de categoría. Mantenga UID cuando el destino comparte los metadatos de esta instancia. Elija Código (o Nombre, o el valor de un atributo) cuando se construyó por separado pero usa los mismos códigos: los valores cuyo elemento no tiene código aquí no se envían, y el informe los enumera.
destinations-scheme-all = Todos los identificadores
destinations-scheme-option-combos = Combinaciones de opciones de categoría (también las de atributo)
destinations-scheme-attribute-uid = UID del atributo
destinations-plain-http = un destino directo necesita una URL https://: por http:// su token o contraseña cruzarían la red en texto claro (http:// solo se permite para este equipo: localhost, 127.0.0.1, ::1). Use https://, o una ruta
destinations-same-instance = { $name } es esta misma instancia (el mismo systemId, { $system_id }): una sincronización allí leería y escribiría los mismos valores. Para escribir en esta instancia a propósito, elija el destino «Esta instancia» (This instance)
destinations-superuser = { $user } es un superusuario (ALL) en el destino. Use una cuenta hecha para la sincronización: un rol con solo «Add/update data values» (F_DATAVALUE_ADD), permiso de escritura de datos en los conjuntos de datos y opciones de categoría que recibe, y las unidades organizativas donde escribe como sus unidades de captura (vea el README).
destinations-test-same-instance = Es la instancia en la que se ejecuta la aplicación
destinations-test-may-import = Este usuario puede importar valores de datos.
destinations-test-may-not-import = Este usuario no puede importar valores de datos: necesita la autoridad F_DATAVALUE_ADD (Add/update data values) o ALL.
destinations-test-connected = Conectado a { $system } { $version }
destinations-test-acting-as = Actuando como { $name } ({ $user }).
destinations-test-cors = Bloqueado por la lista CORS del destino
destinations-test-credentials-refused = El destino rechazó las credenciales
destinations-test-session-expired = Su sesión ha caducado: inicie sesión de nuevo
destinations-test-access-denied = Acceso denegado
destinations-test-not-found = No encontrado: compruebe la URL (falta la ruta o la API del destino)
destinations-test-route-unreachable = La ruta no pudo llegar al destino
destinations-test-refused = El servidor rechazó la solicitud
destinations-test-unreachable = El destino no está accesible
destinations-test-busy = El destino está ocupado: inténtelo más tarde
destinations-test-not-dhis2 = La respuesta no viene de una instancia de DHIS2
destinations-enter-user-name = escriba el usuario
destinations-enter-password = escriba la contraseña
destinations-enter-route-secret = escriba el token o la contraseña que usará la ruta (DHIS2 nunca muestra los guardados)
destinations-enter-token = escriba el token
destinations-not-a-route = solo un destino por ruta tiene una ruta
compare-complete-earlier-steps = complete primero los pasos anteriores
compare-choose-destination = elija primero un destino
compare-comparing = Comparando…
compare-button = Comparar con el destino
compare-failed = No se pudo comparar con el destino
compare-headline = Comparado con { $destination }: { $new } nuevos, { $changed } cambiados, { $unchanged } sin cambios, { $deleted } por eliminar.
compare-new = Nuevos
compare-changed = Cambiados
compare-unchanged = Sin cambios
compare-to-delete = Por eliminar
compare-skip-unchanged = Omitir los valores sin cambios: enviar solo lo nuevo o cambiado (y las eliminaciones)
compare-examples = Ejemplos
compare-download = Descargar la comparación (JSON)
compare-download-failed = No se pudo preparar el archivo de comparación
download-refused = el navegador rechazó la descarga
report-chunk-upsert = Alta/actualización
report-chunk-delete = Eliminación
report-import-success = ÉXITO
report-import-warning = ADVERTENCIA
report-import-error = ERROR
history-select-all-on-page = Seleccionar todo en esta página
history-select-row = Seleccionar
run-progress-label = Progreso de la sincronización
data-nothing-of-type-selected = No hay nada de este tipo seleccionado.
data-loading-selection = Cargando la selección…
app-page-not-built = Esta página aún no está hecha.
data-elements-of = Elementos de datos de { $name }
rules-file-unreadable = no se pudo leer el archivo { $name }
run-destination-unreadable = no se pudo leer el destino: { $error }
rules-browser-could-not-make-file = el navegador no pudo crear el archivo
rules-browser-could-not-find-page = el navegador no encontró la página
rules-browser-could-not-start-download = el navegador no pudo iniciar la descarga
