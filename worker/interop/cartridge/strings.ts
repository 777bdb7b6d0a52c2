import type { Locale } from '../../../db/schema/enums';

/**
 * The few words a cartridge adds around the course's own text (headings, the fallback notice,
 * the exam rules), in the language it is exported in. They travel inside the zip, so they live
 * here rather than in the web app's catalogues.
 */
const en = {
  about: 'About this course',
  overview: 'Course overview',
  outcomes: 'Learning outcomes',
  lessons: 'Lessons',
  references: 'References',
  glossary: 'Glossary',
  check: 'Check: {title}',
  minutes: '{n} minutes',
  fallback: 'This lesson has not been translated yet; it is shown in English.',
  version: 'Version {version}',
  licence: 'Licence',
  licenceText:
    'Cascade course content, part of Cascade, which is licensed under the GNU Affero General Public License 3.0 or later. No separate licence is declared for this course. Keep the references when you adapt it.',
  summative: 'Summative assessment (instructors only)',
  examRules: 'Exam rules and questions to set up by hand',
  examRulesIntro:
    'The summative question pool is in your learning system’s question bank. Build the exam from it with these rules. Keep this page hidden from learners: it contains answers.',
  draw: 'Questions drawn per attempt: {n} (a case counts as one)',
  passMark: 'Pass mark: {percent}% of the points',
  timeLimit: 'Time limit: {n} minutes',
  attempts: 'Attempts: {n}, at least {hours} hours apart',
  refresher: 'Refresher for renewal: {n} questions, pass mark {percent}%, {minutes} minutes, opens {months} months before the certificate expires',
  practical: 'A trainer also scores a practical assessment against the rubric below.',
  byHand: 'Questions to set up by hand',
  byHandIntro: 'Common Cartridge cannot carry these question types (ordering, matching). Create them in your learning system with the answers below.',
  none: 'None: every question of the pool is in the question bank.',
  correctOrder: 'Correct order',
  correctPairs: 'Correct pairs',
  rubric: 'Practical assessment rubric',
  passPoints: 'Pass: {points} points; a required criterion must be above the lowest level.',
  required: 'required',
  markingGuide: 'Marking guide (for the marker): {guide}',
} as const;

type Strings = Record<keyof typeof en, string>;

const fr: Strings = {
  about: 'À propos de ce cours',
  overview: 'Présentation du cours',
  outcomes: 'Objectifs d’apprentissage',
  lessons: 'Leçons',
  references: 'Références',
  glossary: 'Glossaire',
  check: 'Vérification : {title}',
  minutes: '{n} minutes',
  fallback: 'Cette leçon n’est pas encore traduite ; elle est présentée en anglais.',
  version: 'Version {version}',
  licence: 'Licence',
  licenceText:
    'Contenu de cours de Cascade, qui fait partie de Cascade, sous licence GNU Affero General Public License 3.0 ou ultérieure. Aucune licence distincte n’est déclarée pour ce cours. Conservez les références si vous l’adaptez.',
  summative: 'Évaluation sommative (formateurs uniquement)',
  examRules: 'Règles de l’examen et questions à créer à la main',
  examRulesIntro:
    'La banque de questions sommatives se trouve dans la banque de questions de votre plateforme. Construisez l’examen avec ces règles. Cachez cette page aux apprenants : elle contient les réponses.',
  draw: 'Questions tirées par tentative : {n} (un cas compte pour une)',
  passMark: 'Seuil de réussite : {percent} % des points',
  timeLimit: 'Durée : {n} minutes',
  attempts: 'Tentatives : {n}, espacées d’au moins {hours} heures',
  refresher: 'Recyclage pour le renouvellement : {n} questions, seuil {percent} %, {minutes} minutes, ouvert {months} mois avant l’expiration du certificat',
  practical: 'Un formateur note aussi une évaluation pratique selon la grille ci-dessous.',
  byHand: 'Questions à créer à la main',
  byHandIntro: 'Common Cartridge ne peut pas transporter ces types de questions (classement, appariement). Créez-les dans votre plateforme avec les réponses ci-dessous.',
  none: 'Aucune : toutes les questions de la banque sont dans la banque de questions.',
  correctOrder: 'Ordre correct',
  correctPairs: 'Paires correctes',
  rubric: 'Grille de l’évaluation pratique',
  passPoints: 'Réussite : {points} points ; un critère obligatoire doit dépasser le niveau le plus bas.',
  required: 'obligatoire',
  markingGuide: 'Guide de correction (pour le correcteur) : {guide}',
};

const es: Strings = {
  about: 'Acerca de este curso',
  overview: 'Presentación del curso',
  outcomes: 'Resultados de aprendizaje',
  lessons: 'Lecciones',
  references: 'Referencias',
  glossary: 'Glosario',
  check: 'Comprobación: {title}',
  minutes: '{n} minutos',
  fallback: 'Esta lección aún no está traducida; se muestra en inglés.',
  version: 'Versión {version}',
  licence: 'Licencia',
  licenceText:
    'Contenido de curso de Cascade, que forma parte de Cascade, con licencia GNU Affero General Public License 3.0 o posterior. No se declara una licencia aparte para este curso. Conserve las referencias si lo adapta.',
  summative: 'Evaluación sumativa (solo formadores)',
  examRules: 'Reglas del examen y preguntas que crear a mano',
  examRulesIntro:
    'El banco de preguntas sumativas está en el banco de preguntas de su plataforma. Construya el examen con estas reglas. Oculte esta página a los participantes: contiene las respuestas.',
  draw: 'Preguntas por intento: {n} (un caso cuenta como una)',
  passMark: 'Nota de aprobado: {percent} % de los puntos',
  timeLimit: 'Tiempo: {n} minutos',
  attempts: 'Intentos: {n}, con al menos {hours} horas entre ellos',
  refresher: 'Actualización para renovar: {n} preguntas, aprobado {percent} %, {minutes} minutos, abre {months} meses antes de que venza el certificado',
  practical: 'Un formador también califica una evaluación práctica con la rúbrica de abajo.',
  byHand: 'Preguntas que crear a mano',
  byHandIntro: 'Common Cartridge no puede transportar estos tipos de pregunta (ordenar, emparejar). Créelas en su plataforma con las respuestas de abajo.',
  none: 'Ninguna: todas las preguntas están en el banco de preguntas.',
  correctOrder: 'Orden correcto',
  correctPairs: 'Parejas correctas',
  rubric: 'Rúbrica de la evaluación práctica',
  passPoints: 'Aprobado: {points} puntos; un criterio obligatorio debe superar el nivel más bajo.',
  required: 'obligatorio',
  markingGuide: 'Guía de corrección (para quien corrige): {guide}',
};

const ru: Strings = {
  about: 'О курсе',
  overview: 'Обзор курса',
  outcomes: 'Результаты обучения',
  lessons: 'Уроки',
  references: 'Источники',
  glossary: 'Глоссарий',
  check: 'Проверка: {title}',
  minutes: '{n} мин.',
  fallback: 'Этот урок ещё не переведён и показан на английском языке.',
  version: 'Версия {version}',
  licence: 'Лицензия',
  licenceText:
    'Учебные материалы Cascade, входящие в Cascade, который распространяется по лицензии GNU Affero General Public License 3.0 или более поздней. Отдельная лицензия для этого курса не объявлена. Сохраняйте источники при адаптации.',
  summative: 'Итоговая оценка (только для преподавателей)',
  examRules: 'Правила экзамена и вопросы для ручной настройки',
  examRulesIntro:
    'Итоговый банк вопросов находится в банке вопросов вашей системы. Составьте экзамен по этим правилам. Скройте эту страницу от слушателей: в ней есть ответы.',
  draw: 'Вопросов в попытке: {n} (кейс считается за один)',
  passMark: 'Проходной балл: {percent}% баллов',
  timeLimit: 'Время: {n} мин.',
  attempts: 'Попыток: {n}, с перерывом не менее {hours} ч.',
  refresher: 'Повторная аттестация: {n} вопросов, проходной балл {percent}%, {minutes} мин., открывается за {months} мес. до истечения сертификата',
  practical: 'Преподаватель также оценивает практическое задание по критериям ниже.',
  byHand: 'Вопросы для ручной настройки',
  byHandIntro: 'Common Cartridge не поддерживает эти типы вопросов (упорядочивание, сопоставление). Создайте их в своей системе с ответами ниже.',
  none: 'Нет: все вопросы находятся в банке вопросов.',
  correctOrder: 'Правильный порядок',
  correctPairs: 'Правильные пары',
  rubric: 'Критерии практической оценки',
  passPoints: 'Зачёт: {points} баллов; обязательный критерий должен быть выше низшего уровня.',
  required: 'обязательно',
  markingGuide: 'Указания для проверяющего: {guide}',
};

const ar: Strings = {
  about: 'عن هذه الدورة',
  overview: 'نظرة عامة على الدورة',
  outcomes: 'نواتج التعلّم',
  lessons: 'الدروس',
  references: 'المراجع',
  glossary: 'المسرد',
  check: 'تحقّق: {title}',
  minutes: '{n} دقيقة',
  fallback: 'لم يُترجَم هذا الدرس بعد؛ وهو معروض بالإنجليزية.',
  version: 'الإصدار {version}',
  licence: 'الترخيص',
  licenceText:
    'محتوى دورات Cascade، وهو جزء من Cascade المرخَّص بموجب رخصة GNU Affero العمومية العامة، الإصدار 3.0 أو أي إصدار لاحق. لا يوجد ترخيص مستقل معلن لهذه الدورة. احتفظ بالمراجع عند تكييفها.',
  summative: 'التقييم الختامي (للمدرّبين فقط)',
  examRules: 'قواعد الامتحان وأسئلة تُعَدّ يدويًا',
  examRulesIntro:
    'بنك الأسئلة الختامية موجود في بنك الأسئلة في منصتك. أنشئ الامتحان منه وفق هذه القواعد. أخفِ هذه الصفحة عن المتعلمين: فهي تتضمن الإجابات.',
  draw: 'عدد الأسئلة في كل محاولة: {n} (تُحسب الحالة سؤالًا واحدًا)',
  passMark: 'درجة النجاح: {percent}% من النقاط',
  timeLimit: 'المدة: {n} دقيقة',
  attempts: 'المحاولات: {n}، تفصل بينها {hours} ساعة على الأقل',
  refresher: 'اختبار التجديد: {n} أسئلة، درجة النجاح {percent}%، {minutes} دقيقة، يُتاح قبل انتهاء الشهادة بـ {months} أشهر',
  practical: 'يقيّم مدرّب أيضًا تقييمًا عمليًا وفق المعايير أدناه.',
  byHand: 'أسئلة تُعَدّ يدويًا',
  byHandIntro: 'لا يدعم Common Cartridge هذه الأنواع من الأسئلة (الترتيب، المطابقة). أنشئها في منصتك بالإجابات أدناه.',
  none: 'لا شيء: جميع أسئلة البنك موجودة في بنك الأسئلة.',
  correctOrder: 'الترتيب الصحيح',
  correctPairs: 'الأزواج الصحيحة',
  rubric: 'معايير التقييم العملي',
  passPoints: 'النجاح: {points} نقطة؛ ويجب أن يتجاوز كل معيار إلزامي المستوى الأدنى.',
  required: 'إلزامي',
  markingGuide: 'دليل التصحيح (للمصحّح): {guide}',
};

/**
 * Every language's strings. The Node entry and the tests use them from here; the Workers build
 * serves them from Static Assets instead (worker/lib/catalogues.ts), to keep them out of the bundle.
 */
export const CARTRIDGE_STRINGS: CartridgeStrings = { en, fr, es, ru, ar };
export type CartridgeStrings = Record<Locale, Strings>;
export type StringKey = keyof typeof en;

/** A label in a language, with `{name}` placeholders filled in. */
export type Label = (locale: Locale, key: StringKey, vars?: Record<string, string | number>) => string;

/** Labels from these strings (CARTRIDGE_STRINGS, or the same loaded from Static Assets). */
export const labeller =
  (strings: CartridgeStrings): Label =>
  (locale, key, vars = {}) =>
    strings[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
