/**
 * The LTI pages the server renders inside an academy's platform (a refused launch, the content
 * picker for Deep Linking, the hand-back to the platform), in the five UI languages. Like
 * i18n/verify.ts they ship in the worker, apart from the web app's catalogues.
 */
import type { Locale } from '../db/schema/enums';

const en = {
  errorTitle: 'Cascade could not open this launch',
  errorCode: 'Error code: {code}',
  pickTitle: 'Choose what to place in {platform}',
  pickHint: 'Pick a whole course, or a single lesson. Learners who open the link arrive in Cascade, and their results go to your gradebook.',
  pickMany: 'You may choose several.',
  wholeCourse: '{course}: the whole course, graded by its assessment',
  lessons: 'Lessons of {course}',
  place: 'Place in {platform}',
  noCourses: 'No courses are installed in this Cascade yet.',
  returning: 'Sending your choice to {platform}. If nothing happens, press the button.',
  continue: 'Continue',
  openLesson: 'Open in Cascade',
};
export type LtiKey = keyof typeof en;
export type LtiDict = Record<LtiKey, string>;

const fr: LtiDict = {
  errorTitle: 'Cascade n’a pas pu ouvrir ce lancement',
  errorCode: 'Code d’erreur : {code}',
  pickTitle: 'Choisissez ce que vous placez dans {platform}',
  pickHint: 'Choisissez un cours entier ou une seule leçon. Les apprenants qui ouvrent le lien arrivent dans Cascade, et leurs résultats vont dans votre carnet de notes.',
  pickMany: 'Vous pouvez en choisir plusieurs.',
  wholeCourse: '{course} : le cours entier, noté par son évaluation',
  lessons: 'Leçons de {course}',
  place: 'Placer dans {platform}',
  noCourses: 'Aucun cours n’est encore installé dans ce Cascade.',
  returning: 'Envoi de votre choix à {platform}. Si rien ne se passe, appuyez sur le bouton.',
  continue: 'Continuer',
  openLesson: 'Ouvrir dans Cascade',
};

const es: LtiDict = {
  errorTitle: 'Cascade no pudo abrir este lanzamiento',
  errorCode: 'Código de error: {code}',
  pickTitle: 'Elija qué colocar en {platform}',
  pickHint: 'Elija un curso completo o una sola lección. Quienes abran el enlace llegarán a Cascade, y sus resultados irán a su libro de calificaciones.',
  pickMany: 'Puede elegir varios.',
  wholeCourse: '{course}: el curso completo, calificado por su evaluación',
  lessons: 'Lecciones de {course}',
  place: 'Colocar en {platform}',
  noCourses: 'Todavía no hay cursos instalados en este Cascade.',
  returning: 'Enviando su elección a {platform}. Si no ocurre nada, pulse el botón.',
  continue: 'Continuar',
  openLesson: 'Abrir en Cascade',
};

const ru: LtiDict = {
  errorTitle: 'Cascade не удалось открыть этот запуск',
  errorCode: 'Код ошибки: {code}',
  pickTitle: 'Выберите, что разместить в {platform}',
  pickHint: 'Выберите весь курс или один урок. Слушатели, открывшие ссылку, попадут в Cascade, а их результаты — в ваш журнал оценок.',
  pickMany: 'Можно выбрать несколько.',
  wholeCourse: '{course}: весь курс, оценка по итоговому тесту',
  lessons: 'Уроки курса {course}',
  place: 'Разместить в {platform}',
  noCourses: 'В этом Cascade пока нет курсов.',
  returning: 'Ваш выбор отправляется в {platform}. Если ничего не происходит, нажмите кнопку.',
  continue: 'Продолжить',
  openLesson: 'Открыть в Cascade',
};

const ar: LtiDict = {
  errorTitle: 'تعذّر على Cascade فتح هذا الإطلاق',
  errorCode: 'رمز الخطأ: {code}',
  pickTitle: 'اختر ما تريد وضعه في {platform}',
  pickHint: 'اختر دورة كاملة أو درسًا واحدًا. يصل المتعلمون الذين يفتحون الرابط إلى Cascade، وتذهب نتائجهم إلى سجل الدرجات لديك.',
  pickMany: 'يمكنك اختيار أكثر من عنصر.',
  wholeCourse: '{course}: الدورة كاملة، وتُقيَّم باختبارها',
  lessons: 'دروس {course}',
  place: 'ضعه في {platform}',
  noCourses: 'لا توجد دورات مثبّتة في Cascade هذا بعد.',
  returning: 'يجري إرسال اختيارك إلى {platform}. إن لم يحدث شيء، اضغط الزر.',
  continue: 'متابعة',
  openLesson: 'افتح في Cascade',
};

export const LTI_MESSAGES: Record<Locale, LtiDict> = { en, fr, es, ru, ar };

/** A message with its `{name}` placeholders filled. */
export function ltiText(locale: Locale, key: LtiKey, values: Record<string, string> = {}): string {
  return LTI_MESSAGES[locale][key].replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m);
}
