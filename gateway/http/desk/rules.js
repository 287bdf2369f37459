// Dutch help texts for the 14 signal rules (docs/signals.md). The API gives each rule's title and
// severity; these say, for an officer, what was looked at and what a signal does and does not mean.

export const RULE_HELP = {
  declared_after_stop:
    'Er zijn prestaties gedeclareerd die beginnen na de definitieve stop van de zorg op deze toewijzing ' +
    '(een stopbericht met een andere reden dan 20, tijdelijke stop). Ook afgewezen regels tellen mee.',
  declared_after_end:
    'Er zijn prestaties gedeclareerd die beginnen na de einddatum van de geldende versie van de toewijzing.',
  declared_without_start:
    'Er is gedeclareerd op een toewijzing zonder startbericht, of met regels die eindigen vóór de eerste start. ' +
    'Volgens OP364 is dit een signaal en nooit een reden om af te wijzen.',
  hours_over_day:
    'Voor één cliënt is op een dag, over alle aanbieders samen, meer uren gedeclareerd dan een dag heeft ' +
    '(standaard 24). Ook afgewezen regels tellen mee: een claim blijft een claim.',
  above_plausible_maximum:
    'Het aantal gedeclareerde eenheden per dag voor dit product ligt boven het plausibele maximum dat de ' +
    'gemeente heeft vastgelegd.',
  always_maximum:
    'Bij deze aanbieder wordt het grootste deel van de toewijzingen vrijwel elke maand voor het volledige ' +
    'toegewezen volume gedeclareerd.',
  multiple_providers:
    'Twee aanbieders declareerden dezelfde productcategorie voor dezelfde cliënt op overlappende dagen.',
  sudden_growth:
    'Het gedeclareerde bedrag of het aantal cliënten van deze aanbieder stijgt in een maand sterk ten ' +
    'opzichte van het gemiddelde van de voorgaande maanden.',
  peer_outlier:
    'Het gemiddeld gedeclareerde volume per cliënt per maand voor dit product ligt ver boven dat van ' +
    'vergelijkbare aanbieders (robuuste afstand tot de mediaan).',
  address_cluster: 'Veel cliënten van deze aanbieder staan ingeschreven op hetzelfde adres.',
  credit_rebill:
    'Dezelfde productperiode van een toewijzing is herhaaldelijk gecrediteerd en opnieuw gedeclareerd.',
  tariff_above_contract:
    'De aanbieder declareerde herhaaldelijk regels die zijn afgewezen omdat het tarief niet het ' +
    'contracttarief is (retourcode 0611).',
  high_rejection_share: 'Een groot deel van de declaratieregels van deze aanbieder in een maand is afgewezen.',
  non_use:
    'Op een toewijzing waarvoor een eigen bijdrage loopt, is enkele maanden achter elkaar niets ' +
    'gedeclareerd. De cliënt betaalt mogelijk eigen bijdrage voor zorg die niet wordt geleverd.',
};

export const SIGNAL_NOTE =
  'Een signaal is een aanwijzing om naar een declaratie te kijken, geen afwijzing en geen oordeel.';

export function ruleHelp(ruleId, fallback) {
  return RULE_HELP[ruleId] || fallback || '';
}
