/**
 * Made-up press releases for the demo's ministry sites, in the shape the test page builders take
 * (test/helpers/hessen-site.ts). The seed release, its portal copy and the Integrationspreis
 * release are the hand-made fixture pages in test/fixtures/pages; these fill in the rest: the
 * other teasers of the soziales listing fixtures, and a few releases of other ministries.
 */
import type { ReleaseFixture } from '../test/helpers/hessen-site.js';

export const DATELINES = {
  staatskanzlei: 'Hessische Staatskanzlei',
  europa: 'Hessischer Minister für Bundes- und Europaangelegenheiten, Internationales und Entbürokratisierung',
  innen: 'Hessisches Ministerium des Innern, für Sicherheit und Heimatschutz',
  kultus: 'Hessisches Ministerium für Kultus, Bildung und Chancen',
  wirtschaft: 'Hessisches Ministerium für Wirtschaft, Energie, Verkehr, Wohnen und ländlichen Raum',
  soziales: 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales',
} as const;

/** Article pages behind the teasers of test/fixtures/pages/listing-soziales*.html that have no fixture page. */
export const SOZIALES_RELEASES: ReleaseFixture[] = [
  {
    slug: 'neue-kita-fachkraefteoffensive-startet',
    title: 'Neue Kita-Fachkräfteoffensive startet in allen Landkreisen',
    dateline: DATELINES.soziales,
    date: '20.09.2024',
    paragraphs: [
      'Mit zusätzlichen Ausbildungsplätzen und einer landesweiten Kampagne sollen mehr Erzieherinnen und Erzieher für hessische Kitas gewonnen werden. Das Land stellt dafür in den kommenden zwei Jahren zusätzliche Mittel bereit.',
      'Quereinsteigerinnen und Quereinsteiger können künftig berufsbegleitend qualifiziert werden. Die Träger erhalten für jede praxisintegrierte Ausbildungsstelle einen Zuschuss zur Anleitung.',
    ],
    tags: ['Frühkindliche Bildung', 'Fachkräfte'],
  },
  {
    slug: 'jugendberufsagenturen-ausgebaut',
    title: 'Jugendberufsagenturen werden ausgebaut',
    dateline: DATELINES.soziales,
    date: '17.09.2024',
    paragraphs: [
      'Junge Menschen sollen beim Übergang von der Schule in den Beruf künftig an einem Ort beraten werden. Arbeitsagentur, Jobcenter und Jugendhilfe arbeiten in den Jugendberufsagenturen unter einem Dach.',
      'Bis Ende nächsten Jahres soll es in jedem Landkreis und jeder kreisfreien Stadt eine solche Anlaufstelle geben. Das Ministerium fördert den Aufbau mit einer Pauschale je Standort.',
    ],
    tags: ['Arbeit', 'Jugend'],
  },
  {
    slug: 'gemeinsame-erklaerung-ganztag',
    title: 'Gemeinsame Erklärung zum Ganztag an Grundschulen',
    dateline: DATELINES.kultus,
    date: '13.09.2024',
    paragraphs: [
      'Kultus- und Sozialministerium wollen den Rechtsanspruch auf Ganztagsbetreuung gemeinsam mit den Kommunen umsetzen. Die Erklärung regelt, wie Schulen und Jugendhilfe Räume und Personal teilen.',
      'Eltern sollen ab dem Schuljahr 2026/27 für Kinder der ersten Klasse einen verlässlichen Platz bis 16 Uhr erhalten. Die kommunalen Spitzenverbände haben der Erklärung zugestimmt.',
    ],
    tags: ['Ganztag', 'Schule'],
  },
  {
    slug: 'landesprogramm-wir-wird-fortgesetzt',
    title: 'Landesprogramm WIR wird fortgesetzt',
    dateline: DATELINES.soziales,
    date: '05.09.2024',
    paragraphs: [
      'Kommunen erhalten auch im kommenden Jahr Fördermittel für ihre Integrationsarbeit vor Ort. Mit dem Programm WIR werden Koordinierungsstellen, Lotsenprojekte und interkulturelle Öffnung gefördert.',
      'Neu ist ein Schwerpunkt auf der Anerkennung ausländischer Berufsabschlüsse. Anträge können bis zum 15. November beim Regierungspräsidium Darmstadt gestellt werden.',
    ],
    tags: ['Integration', 'Kommunen'],
  },
  {
    slug: 'sozialbudget-2025-vorgestellt',
    title: 'Sozialbudget 2025 vorgestellt',
    dateline: DATELINES.soziales,
    date: '30.08.2024',
    paragraphs: [
      'Der Entwurf sieht höhere Mittel für Schuldnerberatung und Wohnungslosenhilfe vor. Insgesamt wächst der Sozialetat gegenüber dem laufenden Jahr um knapp vier Prozent.',
      'Die Ministerin betonte, dass freiwillige Leistungen trotz angespannter Haushaltslage nicht gekürzt würden. Der Landtag berät den Entwurf im Oktober in erster Lesung.',
    ],
    tags: ['Haushalt', 'Soziales'],
  },
  {
    slug: 'fachtag-kinderschutz',
    title: 'Fachtag Kinderschutz in Gießen',
    dateline: DATELINES.soziales,
    date: '27.08.2024',
    paragraphs: [
      'Rund 200 Fachkräfte aus Jugendämtern, Schulen und Kitas tauschten sich über bessere Zusammenarbeit aus. Im Mittelpunkt standen verbindliche Absprachen, wenn mehrere Stellen mit einer Familie arbeiten.',
      'Das Land will die Ergebnisse in einen Leitfaden übernehmen, der allen Jugendämtern zur Verfügung gestellt wird. Ein weiterer Fachtag ist im Frühjahr in Kassel geplant.',
    ],
    tags: ['Kinderschutz', 'Jugend'],
  },
  {
    slug: 'ausbildungsmarkt-bilanz',
    title: 'Ausbildungsmarkt: Zwischenbilanz vor dem Start ins Ausbildungsjahr',
    dateline: DATELINES.soziales,
    date: '22.08.2024',
    paragraphs: [
      'Noch sind in Hessen mehrere tausend Ausbildungsplätze unbesetzt. Besonders im Handwerk, in der Gastronomie und in der Pflege suchen Betriebe weiterhin Auszubildende.',
      'Kurzentschlossene können sich bei den Kammern und der Berufsberatung melden. Die Nachvermittlung läuft erfahrungsgemäß bis in den November.',
    ],
    tags: ['Arbeit', 'Ausbildung'],
  },
];

/** The Staatskanzlei's site; one release is the Europaminister's, told apart by its dateline. */
export const STAATSKANZLEI_RELEASES: ReleaseFixture[] = [
  {
    slug: 'ministerpraesident-empfaengt-sternsinger',
    title: 'Ministerpräsident empfängt Sternsinger in der Staatskanzlei',
    dateline: DATELINES.staatskanzlei,
    date: '19.09.2024',
    paragraphs: [
      'Die Sternsinger aus allen hessischen Bistümern überbrachten ihren Segen für das neue Jahr. Der Ministerpräsident dankte den Kindern und Jugendlichen für ihren Einsatz für Gleichaltrige in aller Welt.',
      'In diesem Jahr sammeln die Sternsinger für Projekte, die Kinder vor Ausbeutung schützen. Bundesweit beteiligen sich rund 300.000 Mädchen und Jungen an der Aktion.',
    ],
    tags: ['Ehrenamt', 'Kirchen'],
  },
  {
    slug: 'hessentag-vorbereitungen',
    title: 'Hessentag 2025: Vorbereitungen in Bad Vilbel laufen',
    dateline: DATELINES.staatskanzlei,
    date: '11.09.2024',
    paragraphs: [
      'Gastgeberstadt und Landesregierung haben den Rahmenvertrag für den Hessentag 2025 unterzeichnet. Zehn Tage lang werden in Bad Vilbel mehr als eine Million Besucherinnen und Besucher erwartet.',
      'Vereine aus ganz Hessen können sich ab sofort für den Festzug und die Landesausstellung anmelden. Das Programm wird im Frühjahr vorgestellt.',
    ],
    tags: ['Hessentag', 'Ehrenamt'],
  },
  {
    slug: 'partnerschaft-emilia-romagna',
    title: 'Hessen und die Emilia-Romagna vertiefen ihre Partnerschaft',
    dateline: DATELINES.europa,
    date: '03.09.2024',
    paragraphs: [
      'Der Europaminister unterzeichnete in Bologna eine gemeinsame Absichtserklärung mit der Regionalregierung der Emilia-Romagna. Beide Regionen wollen bei Wasserstoff, Hochschulen und Berufsbildung enger zusammenarbeiten.',
      'Ein gemeinsamer Jugendaustausch soll bereits im kommenden Sommer beginnen. Die Partnerschaft besteht seit mehr als zwanzig Jahren.',
    ],
    tags: ['Europa', 'Internationales'],
  },
];

/** The interior ministry's site; the first release is also on the portal under its own address. */
export const INNEN_RELEASES: ReleaseFixture[] = [
  {
    slug: 'polizeiliche-kriminalstatistik-vorgestellt',
    title: 'Polizeiliche Kriminalstatistik 2023 vorgestellt',
    dateline: DATELINES.innen,
    date: '18.09.2024',
    paragraphs: [
      'Die Zahl der registrierten Straftaten ist im vergangenen Jahr leicht gesunken, die Aufklärungsquote gestiegen. Deutlich zugenommen haben dagegen Betrugsdelikte im Internet.',
      'Der Innenminister kündigte an, die Ermittlungsgruppen für Cybercrime personell zu verstärken. Die vollständige Statistik steht auf den Seiten der hessischen Polizei zum Herunterladen bereit.',
    ],
    tags: ['Polizei', 'Sicherheit'],
  },
  {
    slug: 'einsatzfahrzeuge-katastrophenschutz',
    title: 'Neue Einsatzfahrzeuge für den Katastrophenschutz',
    dateline: DATELINES.innen,
    date: '09.09.2024',
    paragraphs: [
      'Das Land hat 48 neue Fahrzeuge an die Katastrophenschutzeinheiten der Landkreise übergeben. Darunter sind Gerätewagen für die Wasserrettung und Fahrzeuge für die Versorgung bei Stromausfällen.',
      'Die Fahrzeuge werden überwiegend von ehrenamtlichen Helferinnen und Helfern besetzt. Der Minister dankte allen, die sich in ihrer Freizeit im Bevölkerungsschutz engagieren.',
    ],
    tags: ['Katastrophenschutz', 'Ehrenamt'],
  },
  {
    slug: 'digitalfunk-nordhessen',
    title: 'Digitalfunk: Netzabdeckung in Nordhessen verbessert',
    dateline: DATELINES.innen,
    date: '29.08.2024',
    paragraphs: [
      'Sechs neue Basisstationen schließen Funklöcher im Digitalfunk der Polizei und der Rettungsdienste im Werra-Meißner-Kreis und im Landkreis Waldeck-Frankenberg.',
      'Damit erreicht die Abdeckung im Fahrzeugfunk landesweit 99 Prozent der Fläche. Weitere Standorte für die Versorgung in Gebäuden sind in Planung.',
    ],
    tags: ['Polizei', 'Digitalisierung'],
  },
];

export const WIRTSCHAFT_RELEASES: ReleaseFixture[] = [
  {
    slug: 'schnellladepunkte-gefoerdert',
    title: 'Landesförderung für 40 neue Schnellladepunkte',
    dateline: DATELINES.wirtschaft,
    date: '24.09.2024',
    paragraphs: [
      'Gemeinden im ländlichen Raum erhalten Zuschüsse für öffentlich zugängliche Schnellladesäulen. Gefördert werden Standorte an Ortsdurchfahrten, Bahnhöfen und Dorfgemeinschaftshäusern.',
      'Das Programm ergänzt die Förderung des Bundes entlang der Autobahnen. Die ersten Säulen sollen noch vor dem Jahreswechsel in Betrieb gehen.',
    ],
    tags: ['Elektromobilität', 'Klimaschutz'],
  },
  {
    slug: 'wohnungsbau-junge-familien',
    title: 'Wohnungsbau: Förderprogramm für junge Familien geöffnet',
    dateline: DATELINES.wirtschaft,
    date: '16.09.2024',
    paragraphs: [
      'Familien mit Kindern können ab sofort zinsgünstige Darlehen für den Kauf oder Bau einer selbst genutzten Wohnung beantragen. Der Zuschuss steigt mit der Zahl der Kinder.',
      'Besonders gefördert wird der Erwerb von Bestandsgebäuden in Ortskernen. Anträge nimmt die Wirtschafts- und Infrastrukturbank Hessen entgegen.',
    ],
    tags: ['Wohnen', 'Familien'],
  },
  {
    slug: 'radwege-landesstrassen',
    title: 'Radwegeausbau entlang der Landesstraßen kommt voran',
    dateline: DATELINES.wirtschaft,
    date: '06.09.2024',
    paragraphs: [
      'In diesem Jahr werden 35 Kilometer neue Radwege an Landesstraßen fertig. Schwerpunkte sind Lückenschlüsse zwischen Nachbarorten und sichere Wege zu Schulen.',
      'Hessen Mobil plant weitere Abschnitte gemeinsam mit den Landkreisen. Eine Karte aller Vorhaben ist online einsehbar.',
    ],
    tags: ['Radverkehr', 'Verkehr'],
  },
];
