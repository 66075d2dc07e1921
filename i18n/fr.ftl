# Aggregate Sync : messages en français (brouillon de traduction, à relire).
# Clés identiques à en.ftl ; un message absent ici s'affiche en anglais.

## App shell

app-loading = Chargement…
app-could-not-start = Aggregate Sync n'a pas pu démarrer
app-page-not-found = Page introuvable
app-no-page-at = Aucune page à { $path }
app-name = Aggregate Sync

## Common words

common-name = Nom
common-cancel = Annuler
common-continue = Continuer
common-yes = Oui
common-no = Non

## Navigation

nav-main = Principal
nav-data = Données
nav-rules = Règles
nav-history = Historique
nav-destinations = Destinations
nav-settings = Paramètres

pagination-label = Pagination
pagination-summary = Page { $page } sur { $pages }, { $total ->
    [one] { $total } élément
   *[other] { $total } éléments
}
pagination-previous = Précédent
pagination-next = Suivant

access-denied-title = Vous n'avez pas accès à Aggregate Sync
access-denied-message = Les règles, l'historique des synchronisations et les paramètres ne sont accessibles qu'aux utilisateurs ayant l'autorisation d'application « Aggregate Sync » (M_aggregatesync). Demandez à votre administrateur DHIS2 de l'ajouter à l'un de vos rôles d'utilisateur.

conflict-title = Ceci a été modifié pendant que vous le modifiiez
conflict-overwrite = Écraser leurs modifications
conflict-reload = Charger leur version (abandonner la mienne)

secret-enter-token = Saisissez le jeton.
secret-enter-password = Saisissez le nom d'utilisateur et le mot de passe.
secret-token-prompt = Jeton d'accès personnel pour { $destination }
secret-password-prompt = Nom d'utilisateur et mot de passe pour { $destination }
secret-token = Jeton
secret-user-name = Nom d'utilisateur
secret-password = Mot de passe
secret-kept-in-tab = Il n'est conservé que tant que cet onglet est ouvert et n'est jamais enregistré.

## Organisation unit tree

tree-open = Ouvrir
tree-close = Fermer
tree-find-by-name = Trouver une unité d'organisation par son nom
tree-searching = Recherche…
tree-no-match = Aucune unité d'organisation ne porte ce nom.
tree-matches-shown = { $shown } sur { $total } { $total ->
    [one] résultat affiché
   *[other] résultats affichés
} : flèches pour se déplacer, Entrée pour choisir.
tree-search-failed = La recherche a échoué : { $message }
tree-matching-units = Unités d'organisation correspondantes
tree-show-more = Afficher plus de résultats

## Data selection

data-title = Données à synchroniser
data-loading-data-sets = Chargement des ensembles de données…
data-loading-data-elements = Chargement des éléments de données…
data-loading-groups = Chargement des groupes d'éléments de données…
data-selected-column = Sélectionné
data-period-type = Type de période
data-last-updated = Dernière mise à jour
data-data-elements = Éléments de données
data-no-data-sets-match = Aucun ensemble de données ne correspond.
data-no-data-elements-match = Aucun élément de données ne correspond.
data-no-groups-match = Aucun groupe d'éléments de données ne correspond.
data-could-not-load-data-sets = Impossible de charger les ensembles de données
data-could-not-load-data-elements = Impossible de charger les éléments de données
data-could-not-load-groups = Impossible de charger les groupes d'éléments de données
data-could-not-load-elements = Impossible de charger les éléments de données
data-could-not-load-selection = Impossible de charger la sélection
data-select-item = Sélectionner { $name }
data-hide-elements = Masquer les éléments de données
data-show-elements = Afficher les éléments de données
data-set-has-no-elements = Cet ensemble de données n'a aucun élément de données.
data-value-and-aggregation-type = Type de valeur et d'agrégation
data-type-data-sets = Ensembles de données
data-type-data-elements = Éléments de données
data-type-groups = Groupes d'éléments de données
data-metadata-type = Type de métadonnées
data-filter-by-name = Filtrer par nom
data-last-updated-since = Mis à jour depuis le
data-only-selected = Sélection uniquement
data-nothing-selected-reason = Sélectionnez un ensemble de données, un élément de données ou un groupe d'éléments de données à synchroniser.
data-clear-selection = Effacer la sélection
data-sync = Synchroniser
data-nothing-selected = Rien n'est sélectionné
data-count-data-sets = { $count ->
    [one] { $count } ensemble de données
   *[other] { $count } ensembles de données
}
data-count-with-excluded = { $part } ({ $count ->
    [one] { $count } élément de données exclu
   *[other] { $count } éléments de données exclus
})
data-count-data-elements = { $count ->
    [one] { $count } élément de données
   *[other] { $count } éléments de données
}
data-count-groups = { $count ->
    [one] { $count } groupe d'éléments de données
   *[other] { $count } groupes d'éléments de données
}
data-selected-summary = Sélection : { $parts }

## Wizard

wizard-title = Synchroniser les données
wizard-nothing-selected = Rien n'est sélectionné pour la synchronisation
wizard-choose-data-first = Choisissez d'abord les ensembles de données, éléments de données ou groupes d'éléments de données à envoyer.
wizard-go-to-data = Aller à la sélection des données
wizard-back = Retour
wizard-next = Suivant

step-data = Données
step-org-units = Unités d'organisation
step-period = Période
step-category-options = Options de catégorie
step-aggregation = Agrégation
step-instance = Instance
step-summary = Récapitulatif

problems-fix-to-continue = Corrigez ces problèmes pour continuer
problems-please-check = Veuillez vérifier
problems-go-to-step = Aller à : { $step }

org-units-aggregating-note = L'agrégation est activée : chaque unité d'organisation sélectionnée reçoit l'agrégat de ses propres valeurs et de celles de toutes ses unités enfants.
org-units-not-aggregating-note = Une unité d'organisation parente n'inclut pas ses enfants : seules les valeurs saisies pour les unités sélectionnées elles-mêmes sont envoyées. Activez l'agrégation (étape 4) pour envoyer à chaque unité sélectionnée le total de toute sa sous-arborescence.
org-units-loading = Chargement des unités d'organisation…
org-units-chosen = { $name } est sélectionnée et affichée dans l'arborescence.
org-units-count = { $count ->
    [one] { $count } unité d'organisation sélectionnée
   *[other] { $count } unités d'organisation sélectionnées
}
org-units-could-not-load = Impossible de charger les unités d'organisation
org-units-level = Niveau
org-units-choose-level = Choisir un niveau
org-units-select-level = Sélectionner le niveau
org-units-deselect-level = Désélectionner le niveau
org-units-group = Groupe
org-units-choose-group = Choisir un groupe
org-units-select-group = Sélectionner le groupe
org-units-deselect-group = Désélectionner le groupe
org-units-could-not-load-levels = Impossible de charger les niveaux et les groupes
org-units-select-all = Tout sélectionner
org-units-clear = Effacer
org-units-could-not-select = Impossible de sélectionner les unités d'organisation

period-which = Quelles périodes envoyer
period-relative = Période prédéfinie
period-fixed = Dates de début et de fin fixes
period-incremental = Depuis la dernière synchronisation réussie (règles enregistrées)
period-incremental-help = Envoie chaque valeur ajoutée, modifiée ou supprimée à la source depuis la dernière synchronisation réussie de la règle (le lastUpdated de DHIS2, à l'heure du serveur source), quelle que soit sa période : les modifications d'anciennes périodes sont renvoyées, les suppressions envoyées comme suppressions.
period-watermark = Dernière synchronisation réussie : { $at } (heure du serveur source)
period-not-synced-yet = Jamais synchronisée : la première exécution envoie les valeurs modifiées depuis la date ci-dessous, ou toutes.
period-initial-since = Première exécution : modifications depuis (facultatif)
period-choose = Choisir une période
period-start-date = Date de début
period-end-date = Date de fin
period-from-to = Du { $start } au { $end }
period-resolved-periods = { " " }({ $count ->
    [one] { $count } période
   *[other] { $count } périodes
} : { $periods })

category-options-help = Les options de catégorie d'attribut (comme les mécanismes de financement) répartissent les valeurs d'un ensemble de données. Envoyez les valeurs de toutes les options, ou seulement celles des options que vous choisissez.
category-options-which = Quelles options de catégorie d'attribut envoyer
category-options-all = Toutes les options de catégorie d'attribut
category-options-choose = Choisir des options de catégorie
category-options-loading = Chargement des options de catégorie…
category-options-none = Les ensembles de données sélectionnés n'ont pas de combinaison de catégories d'attribut : il n'y a rien à choisir, toutes les valeurs sont envoyées.
category-options-could-not-load = Impossible de charger les options de catégorie

period-type-daily = Journalier
period-type-weekly = Hebdomadaire
period-type-monthly = Mensuel
period-type-quarterly = Trimestriel
period-type-six-monthly = Semestriel
period-type-yearly = Annuel
period-type-financial-april = Exercice commençant en avril
period-type-financial-july = Exercice commençant en juillet
period-type-financial-september = Exercice commençant en septembre
period-type-financial-october = Exercice commençant en octobre
period-type-financial-november = Exercice commençant en novembre

aggregation-toggle = Agréger les valeurs avant l'envoi
aggregation-off-note = L'agrégation est désactivée : les valeurs sont envoyées telles quelles, pour les unités d'organisation sélectionnées uniquement.
aggregation-period-type = Type de période d'agrégation
aggregation-choose-period-type = Choisir un type de période
aggregation-explanation = Chaque unité d'organisation sélectionnée reçoit l'agrégat de ses propres valeurs et des valeurs de tous ses enfants, pour chaque période du type choisi. Chaque élément de données est agrégé comme le fait l'analytique de DHIS2, selon son type d'agrégation : les sommes sont additionnées, les moyennes moyennées, les types « dernière valeur » prennent la valeur la plus récente, etc. L'agrégation s'exécute dans votre navigateur.
aggregation-checking = Vérification des éléments de données…
aggregation-all-aggregatable = Les { $total } éléments de données sélectionnés peuvent tous être agrégés.
aggregation-not-aggregatable = { $count } des { $total } éléments de données sélectionnés ne peuvent pas être agrégés
aggregation-not-aggregatable-note = Leurs valeurs ne sont pas envoyées lors de l'agrégation ; le rapport les liste comme non agrégées.
aggregation-could-not-load = Impossible de charger les éléments de données sélectionnés
aggregation-shorter-than-data = Les données sont collectées sur des périodes plus longues

strategy-create-and-update = Nouvelles et mises à jour
strategy-create = Nouvelles
strategy-update = Mises à jour

instance-heading = Instance de destination
instance-where = Où les données sont envoyées.
instance-manage-destinations = Gérer les destinations
instance-loading = Chargement des destinations…
instance-destination = Destination
instance-unreadable = Certaines destinations enregistrées n'ont pas pu être lues
instance-could-not-load = Impossible de charger les destinations
instance-advanced = Options avancées
instance-dry-run = Essai à blanc : la destination vérifie les données sans les enregistrer
instance-import-strategy = Stratégie d'import
instance-send-deletions = Envoyer les suppressions faites à la source

destination-current-instance = l'instance où tourne cette application
destination-through-route = { $url } (par une route)
destination-direct = { $url } (directe)

summary-unknown-destination = destination inconnue { $id }
summary-preparing = Préparation du récapitulatif…
summary-could-not-prepare = Impossible de préparer le récapitulatif
summary-synchronize = Synchroniser maintenant
summary-none-chosen = Aucune choisie
summary-fixed-dates = Dates fixes
summary-since-last-sync = Modifications depuis la dernière synchronisation réussie
summary-period-dates = { $name } : du { $start } au { $end }
summary-all = Toutes
summary-chosen = { $count ->
    [one] { $count } choisie
   *[other] { $count } choisies
}
summary-aggregation-on = { $period_type }, chaque unité sélectionnée avec tous ses enfants
summary-aggregation-off = Désactivée : les valeurs sont envoyées telles quelles
summary-and-more = { " " }et { $count } de plus
summary-data-sets = Ensembles de données
summary-none = Aucun
summary-data-elements = Éléments de données
summary-dry-run = Essai à blanc
summary-send-deletions = Envoyer les suppressions
summary-read-requests = Requêtes de lecture

save-rule-title = Enregistrer comme règle
save-rule-help = Une règle conserve ces choix sous un nom pour pouvoir les exécuter à nouveau, à la main ou selon un calendrier.
save-rule-name = Nom (obligatoire)
save-rule-code = Code
save-rule-description = Description
save-rule-saved = La règle est enregistrée.
save-rule-see-rules = Voir les règles
save-rule-reloaded = Leur version est chargée : vos modifications ont été abandonnées. Vérifiez les étapes, puis enregistrez à nouveau.
save-rule-cannot-save-yet = La règle ne peut pas encore être enregistrée
save-rule-could-not-save = Impossible d'enregistrer la règle

schedule-label = Calendrier
schedule-by-hand = Exécution manuelle uniquement
schedule-daily = Chaque jour à 02:00
schedule-weekly = Chaque lundi à 02:00
schedule-monthly = Le premier de chaque mois à 02:00
schedule-custom = Personnalisé
schedule-cron = Expression cron (minute heure jour mois jour-de-semaine)

fit-complete-earlier-steps = Terminez les étapes précédentes pour voir ce que la destination enregistrera.
fit-choose-destination = Choisissez une destination pour voir ce qu'elle enregistrera.
fit-nothing-changed = Rien n'a changé depuis la dernière exécution : rien ne serait envoyé.
fit-destination-not-stored = la destination { $id } n'est pas enregistrée
fit-checking = Vérification de ce que la destination enregistrera…
fit-needs-credentials = Ce que { $name } enregistrera est vérifié au démarrage de l'exécution, une fois ses identifiants saisis.
fit-failed = Impossible de vérifier ce que la destination enregistrera
fit-checks-again = L'exécution vérifie à nouveau au démarrage.
fit-all = { $destination } peut enregistrer les valeurs des { $total } éléments de données sélectionnés.
fit-left-out = { $count } des { $total } éléments de données sélectionnés ne peuvent pas être enregistrés dans { $destination }
fit-rounded = { $count } seront arrondis à l'entier
fit-refused-note = Les valeurs que la destination refuserait sont écartées, non envoyées ; le rapport les liste avec la raison.
fit-item-left-out = { " " }: écarté —{ " " }
fit-item-rounded = { " " }: arrondi —{ " " }

download-preparing = Préparation du fichier…
download-json = Télécharger le JSON
download-result = { $upserts } valeurs à envoyer et { $deletions } suppressions téléchargées.
download-could-not-prepare = Impossible de préparer le fichier JSON

## Run

phase-idle = Pas commencée
phase-locking = Vérification qu'aucune autre exécution de cette règle n'est en cours
phase-preparing = Préparation
phase-reading = Lecture et envoi des valeurs
phase-aggregating = Agrégation
phase-writing = Envoi des valeurs
phase-saving = Enregistrement du rapport
phase-finished = Terminée

run-retrying = { $what } : la tentative { $attempt } a échoué ({ $error }) ; nouvel essai dans { $seconds } s
run-report-not-saved = le rapport n'a pas pu être enregistré dans l'historique : { $error }
run-not-recorded = la dernière exécution de la règle n'a pas pu être enregistrée : { $error }
run-credentials-token = { $name } ({ $url }) est joint directement. Saisissez son jeton d'accès personnel pour cette exécution ; il n'est pas enregistré.
run-credentials-password = { $name } ({ $url }) est joint directement. Saisissez son nom d'utilisateur et son mot de passe pour cette exécution ; ils ne sont pas enregistrés.
run-personal-access-token = Jeton d'accès personnel
run-start = Lancer la synchronisation
run-destination-not-loaded = la destination { $id } n'a pas pu être chargée : { $error }
run-leaving-stops-it = Une synchronisation est en cours : quitter la page l'arrête.
run-title = Synchroniser
run-finding-destination = Recherche de la destination…
run-could-not-start = La synchronisation n'a pas pu démarrer
run-nothing = Aucune synchronisation en cours. Choisissez quoi envoyer et parcourez les étapes, puis appuyez sur Synchroniser maintenant.
run-start-draft = Synchroniser les choix actuels
run-values-read = Valeurs lues
run-values-sent = Valeurs envoyées
run-chunks = Lots
run-chunks-done = { $done } sur { $total }
run-elapsed = Écoulé
run-time-left = Temps restant
run-estimating = estimation…
run-session-expired = Votre session a expiré
run-session-expired-help = La synchronisation est en pause, rien n'est perdu. Reconnectez-vous dans le nouvel onglet, puis revenez et continuez.
run-log-in-again = Se reconnecter
run-cancelling = Annulation…
run-status = Statut :
run-download-report = Télécharger le rapport complet
run-open-report = Ouvrir le rapport

duration-ms = { $ms } ms
duration-seconds = { $seconds } s
duration-minutes = { $minutes } min { $seconds } s
rate-values-per-second = { $rate } valeurs/s

## Report

report-title = Rapport de synchronisation
report-loading = Chargement du rapport…
report-could-not-load = Le rapport n'a pas pu être chargé
report-manual-sync = Synchronisation manuelle
report-rule = Règle { $name }
report-dry-run = Essai à blanc : rien n'a été écrit
report-origin = { $origin } par { $user } vers { $destination }, commencée le { $started }
report-origin-finished = { $origin } par { $user } vers { $destination }, commencée le { $started }, terminée le { $finished }
report-started-by = Lancée : { $label }
report-read = Lues
report-sent = Envoyées
report-time-reading = Lecture
report-time-aggregating = Agrégation
report-time-writing = Lecture et écriture
report-errors = Erreurs
report-notes = Remarques
report-interrupted = Cette exécution s'est arrêtée avant la fin
report-interrupted-help = Elle peut reprendre à partir de ce que la destination a confirmé : rien de confirmé n'est renvoyé.
report-resume = Reprendre
report-send-again = Renvoyer les { $count } valeurs en échec
report-not-listed = { " " }({ $count } de plus sont comptées mais non conservées dans l'historique : téléchargez le rapport complet depuis l'exécution pour les voir.)
report-conflicts = Conflits
report-no-conflicts = La destination n'a signalé aucun conflit.
report-conflict-code = Code
report-conflict-message = Message
report-conflict-values = Valeurs
report-conflict-chunk = Lot
report-values-not-written = Valeurs non écrites
report-values-not-written-help = La destination a refusé ces valeurs, n'a pas dit ce qu'elles sont devenues, ou elles n'ont jamais été envoyées. Une prochaine exécution de la règle les renvoie.
report-values-left-out = Valeurs écartées
report-values-left-out-help = Écartées avant l'envoi parce que la destination les refuserait.
report-not-stored = { $count } valeurs de plus sont comptées mais non listées dans le rapport enregistré.
report-not-aggregated = Non agrégées
report-chunks = Lots et réponses brutes ({ $count })
report-chunk-title = Lot { $index } ({ $kind }) : { $values } valeurs, { $attempts } tentative(s), { $outcome }
report-no-response = pas de réponse
report-data-statistics = Statistiques des données
report-no-data-elements = Aucun élément de données n'avait de valeurs à envoyer.
report-stats-estimated = ≈ DHIS2 compte par lot, pas par valeur : quand un lot mélangeait des éléments de données et compte plusieurs catégories, elles sont réparties entre les valeurs de chaque élément de données du lot.
report-data-element = Élément de données
report-chart-label = Valeurs par élément de données, selon leur devenir

stat-imported = Importées
stat-updated = Mises à jour
stat-deleted = Supprimées
stat-ignored = Ignorées
stat-refused = Refusées
stat-fate-unknown = Devenir inconnu
stat-not-sent = Non envoyées

## History

status-success = Réussie
status-warning = Avertissement
status-error = Erreur
status-cancelled = Annulée
status-dry-run = Essai à blanc
status-running = En cours
status-interrupted = Interrompue
status-skipped = Ignorée

history-delete-selected = Supprimer la sélection ({ $count })
history-delete-question = Supprimer { $count ->
    [one] { $count } rapport
   *[other] { $count } rapports
} ? Cette action est irréversible.
history-deleting = Suppression…
history-delete = Supprimer
history-deleted = { $count ->
    [one] { $count } rapport supprimé.
   *[other] { $count } rapports supprimés.
}
history-some-not-deleted = Certains rapports n'ont pas pu être supprimés
history-status = Statut
history-all = Tous
history-rule = Règle
history-manual = Manuelle
history-started-from = Commencée depuis le
history-started-until = Commencée jusqu'au
history-clear-filters = Effacer les filtres
history-loading = Chargement de l'historique…
history-pruned = { $count } rapports plus anciens que la durée de conservation ont été supprimés.
history-old-not-deleted = Les anciens rapports n'ont pas pu être supprimés
history-empty = Aucune synchronisation ne correspond.
history-could-not-load = Impossible de charger l'historique
history-counts = { $imported } importées, { $updated } mises à jour, { $ignored } ignorées, { $deleted } supprimées
history-started = Début
history-run-by = Lancée par
history-counts-column = Comptes
history-duration = Durée
history-broken = Le rapport { $id } est illisible : { $message }
history-broken-tag = Illisible

## Settings

settings-strategy-create = Nouvelles uniquement
settings-strategy-update = Mises à jour uniquement
settings-retention = Conserver les rapports pendant (jours)
settings-retention-help = Les rapports plus anciens sont supprimés. De { $min } à { $max } jours.
settings-read-chunk = Unités d'organisation par requête de lecture
settings-read-chunk-help = Combien d'unités d'organisation chaque lecture de la source demande. De { $min } à { $max }.
settings-write-chunk = Valeurs par requête d'écriture
settings-write-chunk-help = Combien de valeurs chaque requête vers la destination envoie. De { $min } à { $max }.
settings-default-strategy = Stratégie d'import par défaut
settings-dry-run = Les nouvelles synchronisations commencent en essai à blanc
settings-saving = Enregistrement…
settings-save = Enregistrer
settings-saved = Paramètres enregistrés.
settings-not-saved = Les paramètres n'ont pas été enregistrés. Corrigez ces problèmes :
settings-could-not-save = Les paramètres n'ont pas pu être enregistrés
settings-loading = Chargement des paramètres…
settings-out-of-range = Certains paramètres enregistrés étaient hors limites
settings-out-of-range-message = { $problems }. Les valeurs par défaut sont utilisées et affichées ; enregistrer les conserve.
settings-unreadable = Les paramètres enregistrés sont illisibles
settings-unreadable-message = { $error }. Le formulaire affiche les valeurs par défaut ; enregistrer remplace les paramètres conservés.

## Relative periods (DHIS2's keywords; the English label where a keyword is not listed)

relative-period = { $name ->
    [TODAY] Aujourd'hui
    [YESTERDAY] Hier
    [LAST_3_DAYS] 3 derniers jours
    [LAST_7_DAYS] 7 derniers jours
    [LAST_14_DAYS] 14 derniers jours
    [LAST_30_DAYS] 30 derniers jours
    [LAST_60_DAYS] 60 derniers jours
    [LAST_90_DAYS] 90 derniers jours
    [LAST_180_DAYS] 180 derniers jours
    [THIS_WEEK] Cette semaine
    [LAST_WEEK] Semaine dernière
    [LAST_4_WEEKS] 4 dernières semaines
    [LAST_12_WEEKS] 12 dernières semaines
    [LAST_52_WEEKS] 52 dernières semaines
    [WEEKS_THIS_YEAR] Semaines de cette année
    [THIS_BIWEEK] Cette quinzaine
    [LAST_BIWEEK] Quinzaine dernière
    [LAST_4_BIWEEKS] 4 dernières quinzaines
    [THIS_MONTH] Ce mois-ci
    [LAST_MONTH] Mois dernier
    [LAST_3_MONTHS] 3 derniers mois
    [LAST_6_MONTHS] 6 derniers mois
    [LAST_12_MONTHS] 12 derniers mois
    [MONTHS_THIS_YEAR] Mois de cette année
    [MONTHS_LAST_YEAR] Mois de l'année dernière
    [THIS_BIMONTH] Ce bimestre
    [LAST_BIMONTH] Bimestre dernier
    [LAST_6_BIMONTHS] 6 derniers bimestres
    [BIMONTHS_THIS_YEAR] Bimestres de cette année
    [THIS_QUARTER] Ce trimestre
    [LAST_QUARTER] Trimestre dernier
    [LAST_4_QUARTERS] 4 derniers trimestres
    [QUARTERS_THIS_YEAR] Trimestres de cette année
    [QUARTERS_LAST_YEAR] Trimestres de l'année dernière
    [THIS_SIX_MONTH] Ce semestre
    [LAST_SIX_MONTH] Semestre dernier
    [LAST_2_SIXMONTHS] 2 derniers semestres
    [THIS_FINANCIAL_YEAR] Cet exercice
    [LAST_FINANCIAL_YEAR] Exercice précédent
    [LAST_5_FINANCIAL_YEARS] 5 derniers exercices
    [LAST_10_FINANCIAL_YEARS] 10 derniers exercices
    [THIS_YEAR] Cette année
    [LAST_YEAR] Année dernière
    [LAST_5_YEARS] 5 dernières années
    [LAST_10_YEARS] 10 dernières années
   *[other] { $label }
}
relative-period-group = { $name ->
    [Days] Jours
    [Weeks] Semaines
    [BiWeeks] Quinzaines
    [Months] Mois
    [BiMonths] Bimestres
    [Quarters] Trimestres
    [SixMonths] Semestres
    [FinancialYears] Exercices
    [Years] Années
   *[other] { $label }
}

## Header bar, comparison and identifier schemes
header-apps = Applications
header-apps-loading = Chargement des applications…
header-apps-error = Impossible de lister les applications : { $message }
header-profile = Profil
header-back = Retour à DHIS2
header-logout = Se déconnecter
report-unchanged-skipped = Inchangées, non envoyées
summary-destination-identifiers = { $name } ; identifiants : { $schemes }
fit-sent-with-id-schemes = Les valeurs sont envoyées avec le schéma d'identifiants de la destination : son import décide de ce qu'elle enregistre, et le rapport liste ce qu'elle refuse.
