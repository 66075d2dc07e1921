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

## Rules, destinations, comparison and remaining texts
rules-loading = Chargement des règles…
rules-could-not-load = Impossible de charger les règles
rules-could-not-open = Impossible d'ouvrir la règle : { $error }
rules-duplicated = Dupliquée sous le nom « { $name } ».
rules-could-not-duplicate = Impossible de dupliquer la règle : { $error }
rules-deleted = « { $name } » supprimée.
rules-could-not-delete = Impossible de supprimer « { $name } » : { $error }
rules-pending-dropped = « { $name } » n'envoie plus les valeurs laissées par ses exécutions.
rules-could-not-drop = Impossible d'abandonner les valeurs de « { $name } » : { $error }
rules-could-not-export = Impossible d'exporter la règle : { $error }
rules-import = Importer une règle depuis un JSON…
rules-import-replace = { " " }Remplacer une règle de même identifiant
rules-could-not-import = Impossible d'importer la règle : { $error }
rules-report = Rapport
rules-stored-by-older = Enregistrée par une version antérieure (schéma { $version }) ; l'enregistrer la met à jour.
rules-never-run = Jamais exécutée
rules-run-now = Exécuter maintenant
rules-edit = Modifier
rules-duplicate = Dupliquer
rules-export = Exporter
rules-cannot-run = Cette règle ne peut pas s'exécuter :
rules-pending-values = { $count ->
    [one] { $count } valeur laissée en attente : la prochaine exécution la renverra
   *[other] { $count } valeurs laissées en attente : la prochaine exécution les renverra
}
rules-pending-drop = Les abandonner
rules-pending-question = Ne plus les envoyer ?{ " " }
rules-pending-drop-confirm = Abandonner
rules-pending-keep = Garder
rules-delete-question = Supprimer « { $name } » ? Cette action est irréversible.
rules-confirm-deletion = Confirmer la suppression
rules-runner-seen = Les planifications sont exécutées par aggsync { $version } sur { $host } (dernière vérification { $at }).
rules-runner-seen-zone = Les planifications sont exécutées par aggsync { $version } sur { $host } (dernière vérification { $at }, { $zone }).
rules-runner-last-check = { " " }La dernière vérification a été faite par { $host } le { $at }.
rules-runner-missing = Aucun exécuteur n'a vérifié les planifications depuis une heure : { $count ->
    [one] { $count } règle planifiée ne s'exécutera pas d'elle-même.
   *[other] { $count } règles planifiées ne s'exécuteront pas d'elles-mêmes.
}
rules-runner-setup = Comment installer un exécuteur
rules-none-yet = Aucune règle pour l'instant. Choisissez des données, parcourez les étapes de synchronisation et enregistrez-les comme règle, ou importez un fichier de règle.
rules-what-it-sends = Ce qu'elle envoie
rules-last-run = Dernière exécution
rules-actions = Actions
rules-none-match = Aucune règle ne correspond.
rules-schedule-paused = En pause
rules-schedule-invalid = Non exécutée : la planification est illisible ({ $error })
rules-schedule-due = Due depuis { $at } (en attente de l'exécuteur)
rules-schedule-next = Prochaine exécution { $at }
rules-schedule-no-further-run = Plus aucune exécution
rules-groups-unreadable = Les groupes d'utilisateurs n'ont pas pu être lus : { $error }
rules-cron-problem = Expression cron : { $error }
rules-schedule-saved = Planification de « { $name } » enregistrée.
rules-could-not-save = Impossible d'enregistrer : { $error }
rules-schedule-paused-done = Planification de « { $name } » mise en pause.
rules-schedule-resumed = Planification de « { $name } » reprise.
rules-schedule-gone = La règle n'a plus de planification.
rules-schedule-notifies = Les exécutions planifiées en échec préviennent { $name }
rules-schedule-resume = Reprendre
rules-schedule-pause = Mettre en pause
rules-schedule-change = Modifier
rules-not-scheduled = Non planifiée
rules-cron-expression = Expression cron
rules-schedule-notify = Quand une exécution planifiée échoue, prévenir{ " " }
rules-schedule-nobody = Personne
rules-sends-no-data = aucune donnée
rules-sends-org-units = { $count ->
    [one] { $count } unité d'organisation
   *[other] { $count } unités d'organisation
}
rules-sends-no-org-unit = aucune unité d'organisation
rules-sends-category-options = { $count ->
    [one] { $count } option de catégorie
   *[other] { $count } options de catégorie
}
rules-sends-aggregated-to = agrégation { $period_type ->
    [Daily] journalière
    [Weekly] hebdomadaire
    [Monthly] mensuelle
    [Quarterly] trimestrielle
    [SixMonthly] semestrielle
    [Yearly] annuelle
   *[other] { $period_type }
}
rules-period-fixed = du { $start } au { $end }
rules-period-incremental = Depuis la dernière synchronisation réussie
rules-preset-daily = Tous les jours
rules-preset-weekly = Toutes les semaines
rules-preset-monthly = Tous les mois
rules-unknown-destination = Destination inconnue ({ $id })
rules-file-too-big = Ce fichier fait { $size } Mo : un fichier de règle fait au plus { $max } Mo. Choisissez une règle exportée par Aggregate Sync.
rules-copy-of = Copie de { $name }
rules-imported = Règle « { $name } » importée.
rules-imported-new-id = Règle « { $name } » importée comme nouvelle règle : une règle de même identifiant existe.
rules-replaced = Règle « { $name } » remplacée.
rules-imported-migrated = { " " }Le fichier a été écrit par une version antérieure de l'application (schéma version { $version }) et a été migré vers la version { $current }.
rules-imported-note = { " " }Remarque : { $note }.
rules-not-a-rule-file = Ce fichier n'est pas une règle qu'Aggregate Sync peut importer. { $error }
destinations-kind-route = Route
destinations-kind-route-server = Route (serveur entier)
destinations-kind-direct-token = Directe avec jeton
destinations-kind-direct-basic = Directe avec Basic
destinations-this-instance = Cette instance
destinations-intro = Les instances auxquelles cette application envoie des données. Avec une route, les identifiants restent chiffrés sur ce serveur ; une destination directe demande son jeton ou son mot de passe une fois par onglet du navigateur.
destinations-add = Ajouter une destination
destinations-unreadable = Certaines destinations n'ont pas pu être lues
destinations-none-yet = Aucune destination pour l'instant.
destinations-url = URL
destinations-connection = Connexion
destinations-last-test = Dernier test
destinations-manage-denied = Vous pouvez tester les destinations mais pas les ajouter, les modifier ni les supprimer : il faut pour cela l'autorité « Manage destinations » (F_AGGREGATE_SYNC_MANAGE_DESTINATIONS) dans l'un de vos rôles. Demandez-la à votre administrateur DHIS2.
destinations-edit-title = Modifier la destination
destinations-could-not-open = Impossible d'ouvrir la destination
destinations-test-failed = Le test a échoué
destinations-testing = Test en cours…
destinations-not-tested = Non testée
destinations-test-connection = Tester la connexion
destinations-narrow-hint = Cette route atteint tout le serveur de destination ; restreignez-la à son API Web
destinations-narrow = Restreindre la route
destinations-delete-question = Êtes-vous sûr ? Cela supprime la destination. Les règles qui y envoient auront besoin d'une autre destination.
destinations-delete-question-route = Êtes-vous sûr ? Cela supprime la destination et sa route. Les règles qui y envoient auront besoin d'une autre destination.
destinations-fix-to-save = Corrigez ces problèmes pour enregistrer
destinations-could-not-save = Impossible d'enregistrer la destination
destinations-description = Description (facultative)
destinations-route-group = Groupe d'utilisateurs qui peut aussi envoyer par la route (facultatif)
destinations-route-group-help = DHIS2 exécute la route pour vous, pour les utilisateurs dont un rôle a « Manage destinations » (F_AGGREGATE_SYNC_MANAGE_DESTINATIONS) et pour les membres de ce groupe : pour personne d'autre, quoi que l'application leur montre. Choisissez le groupe des personnes qui exécutent les règles.
destinations-kind-route-option = Par une route de cette instance (recommandé)
destinations-kind-direct-token-option = Directe, avec un jeton d'accès personnel
destinations-kind-direct-basic-option = Directe, avec un nom d'utilisateur et un mot de passe
destinations-no-routes = Cette instance n'a pas de routes (il faut DHIS2 2.40 ou plus récent) : l'application atteint donc la destination directement depuis le navigateur.
destinations-url-input = URL de la destination (sans /api)
destinations-route-credentials-help = DHIS2 garde les identifiants chiffrés dans la route ; cette application ne pourra jamais les relire.
destinations-route-credentials-keep = { " " }Laissez-les vides pour garder ceux de la route (une URL modifiée les demande à nouveau).
destinations-credentials = Identifiants pour la destination
destinations-user-name-and-password = Nom d'utilisateur et mot de passe
destinations-group-change-note = Un changement de groupe s'applique quand les identifiants sont saisis à nouveau.
destinations-direct-help = Le jeton ou le mot de passe n'est jamais enregistré : il est gardé seulement tant que cet onglet est ouvert et redemandé dans un nouvel onglet. La destination doit autoriser { $origin } dans sa liste CORS.
destinations-token-optional = Jeton (facultatif maintenant)
destinations-user-name-optional = Nom d'utilisateur (facultatif maintenant)
destinations-password-optional = Mot de passe (facultatif maintenant)
destinations-narrow-prompt = Restreindre la route à l'API Web de la destination
destinations-narrow-help = Cette route atteint toutes les pages du serveur de destination, y compris sa connexion et ses applications. Restreinte, elle n'atteint que /api/. DHIS2 ne montre jamais les identifiants d'une route : saisissez-les à nouveau, ils sont gardés chiffrés dans la route.
destinations-scheme-same = Comme ci-dessus
destinations-scheme-uid = UID (les identifiants de la source)
destinations-scheme-code = Code
destinations-scheme-attribute = Valeur d'attribut
destinations-id-scheme = Schéma d'identifiants
destinations-id-scheme-help = Comment les valeurs envoyées nomment leurs éléments de données, unités d'organisation et combinaisons d'options de catégorie. Gardez UID quand la destination partage les métadonnées de cette instance. Choisissez Code (ou Nom, ou la valeur d'un attribut) quand elle a été construite séparément mais utilise les mêmes codes : les valeurs dont l'élément n'a pas de code ici ne sont pas envoyées, et le rapport les liste.
destinations-scheme-all = Tous les identifiants
destinations-scheme-option-combos = Combinaisons d'options de catégorie (et d'options d'attribut)
destinations-scheme-attribute-uid = UID de l'attribut
destinations-plain-http = une destination directe a besoin d'une URL https:// : en http:// son jeton ou son mot de passe traverserait le réseau en clair (http:// n'est permis que pour cet ordinateur : localhost, 127.0.0.1, ::1). Utilisez https://, ou une route
destinations-same-instance = { $name } est cette instance elle-même (même systemId, { $system_id }) : une synchronisation y lirait et écrirait les mêmes valeurs. Pour écrire dans cette instance à dessein, choisissez la destination « Cette instance » (This instance)
destinations-superuser = { $user } est un superutilisateur (ALL) sur la destination. Utilisez un compte fait pour la synchronisation : un rôle avec seulement « Add/update data values » (F_DATAVALUE_ADD), le partage en écriture de données sur les ensembles de données et options de catégorie qu'il reçoit, et les unités d'organisation où il écrit comme unités de saisie (voir le README).
destinations-test-same-instance = C'est l'instance dans laquelle l'application s'exécute
destinations-test-may-import = Cet utilisateur peut importer des valeurs.
destinations-test-may-not-import = Cet utilisateur ne peut pas importer de valeurs : il lui faut l'autorité F_DATAVALUE_ADD (Add/update data values) ou ALL.
destinations-test-connected = Connecté à { $system } { $version }
destinations-test-acting-as = En tant que { $name } ({ $user }).
destinations-test-cors = Bloqué par la liste CORS de la destination
destinations-test-credentials-refused = La destination a refusé les identifiants
destinations-test-session-expired = Votre session a expiré : reconnectez-vous
destinations-test-access-denied = Accès refusé
destinations-test-not-found = Introuvable : vérifiez l'URL (la route ou l'API de la destination manque)
destinations-test-route-unreachable = La route n'a pas pu atteindre la destination
destinations-test-refused = Le serveur a refusé la requête
destinations-test-unreachable = La destination est injoignable
destinations-test-busy = La destination est occupée : réessayez plus tard
destinations-test-not-dhis2 = La réponse ne vient pas d'une instance DHIS2
destinations-enter-user-name = saisissez le nom d'utilisateur
destinations-enter-password = saisissez le mot de passe
destinations-enter-route-secret = saisissez le jeton ou le mot de passe que la route utilisera (DHIS2 ne montre jamais ceux enregistrés)
destinations-enter-token = saisissez le jeton
destinations-not-a-route = seule une destination par route a une route
compare-complete-earlier-steps = terminez d'abord les étapes précédentes
compare-choose-destination = choisissez d'abord une destination
compare-comparing = Comparaison…
compare-button = Comparer avec la destination
compare-failed = Impossible de comparer avec la destination
compare-headline = Comparé avec { $destination } : { $new } nouvelles, { $changed } modifiées, { $unchanged } inchangées, { $deleted } à supprimer.
compare-new = Nouvelles
compare-changed = Modifiées
compare-unchanged = Inchangées
compare-to-delete = À supprimer
compare-skip-unchanged = Ignorer les valeurs inchangées : n'envoyer que ce qui est nouveau ou modifié (et les suppressions)
compare-examples = Exemples
compare-download = Télécharger la comparaison (JSON)
compare-download-failed = Impossible de préparer le fichier de comparaison
download-refused = le navigateur a refusé le téléchargement
report-chunk-upsert = Ajout/mise à jour
report-chunk-delete = Suppression
report-import-success = SUCCÈS
report-import-warning = AVERTISSEMENT
report-import-error = ERREUR
history-select-all-on-page = Tout sélectionner sur cette page
history-select-row = Sélectionner
run-progress-label = Progression de la synchronisation
data-nothing-of-type-selected = Rien de ce type n'est sélectionné.
data-loading-selection = Chargement de la sélection…
app-page-not-built = Cette page n'est pas encore construite.
data-elements-of = Éléments de données de { $name }
rules-file-unreadable = le fichier { $name } n'a pas pu être lu
run-destination-unreadable = la destination n'a pas pu être lue : { $error }
rules-browser-could-not-make-file = le navigateur n'a pas pu créer le fichier
rules-browser-could-not-find-page = le navigateur n'a pas trouvé la page
rules-browser-could-not-start-download = le navigateur n'a pas pu lancer le téléchargement
