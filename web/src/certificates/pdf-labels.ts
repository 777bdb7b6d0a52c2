// The PDF's own strings. They live here rather than in the app's catalogues so that the lazy PDF
// chunk carries everything it needs and the catalogues stay off the certificate's code path.

export type CertificateLocale = 'en' | 'fr' | 'es' | 'ru' | 'ar';

export interface CertificateLabels {
  dir: 'ltr' | 'rtl';
  heading: string;
  hasCompleted: string;
  courseId: string;
  version: string;
  issuedOn: string;
  validUntil: string;
  noExpiry: string;
  issuedBy: string;
  trainer: string;
  certificateId: string;
  scanToVerify: string;
}

export const CERTIFICATE_LABELS: Readonly<Record<CertificateLocale, CertificateLabels>> = {
  en: {
    dir: 'ltr',
    heading: 'Certificate of completion',
    hasCompleted: 'has completed',
    courseId: 'Course ID',
    version: 'Version',
    issuedOn: 'Issued on',
    validUntil: 'Valid until',
    noExpiry: 'No expiry',
    issuedBy: 'Issued by',
    trainer: 'Trainer',
    certificateId: 'Certificate ID',
    scanToVerify: 'Scan to verify — works offline once the verify page has been opened',
  },
  fr: {
    dir: 'ltr',
    heading: 'Certificat de réussite',
    hasCompleted: 'a suivi avec succès la formation',
    courseId: 'Code de la formation',
    version: 'Version',
    issuedOn: 'Délivré le',
    validUntil: 'Valable jusqu’au',
    noExpiry: 'Sans date d’expiration',
    issuedBy: 'Délivré par',
    trainer: 'Formation dispensée par',
    certificateId: 'Identifiant du certificat',
    scanToVerify:
      'Scannez pour vérifier — fonctionne hors ligne une fois la page de vérification ouverte',
  },
  es: {
    dir: 'ltr',
    heading: 'Certificado de finalización',
    hasCompleted: 'ha completado el curso',
    courseId: 'Código del curso',
    version: 'Versión',
    issuedOn: 'Fecha de emisión',
    validUntil: 'Válido hasta',
    noExpiry: 'Sin fecha de vencimiento',
    issuedBy: 'Emitido por',
    trainer: 'Impartido por',
    certificateId: 'Identificador del certificado',
    scanToVerify:
      'Escanee para verificar — funciona sin conexión una vez abierta la página de verificación',
  },
  ru: {
    dir: 'ltr',
    heading: 'Сертификат о прохождении курса',
    hasCompleted: 'успешно завершил(а) курс',
    courseId: 'Код курса',
    version: 'Версия',
    issuedOn: 'Дата выдачи',
    validUntil: 'Действителен до',
    noExpiry: 'Бессрочно',
    issuedBy: 'Кем выдан',
    trainer: 'Преподаватель',
    certificateId: 'Идентификатор сертификата',
    scanToVerify: 'Отсканируйте для проверки — работает без интернета, если страница проверки уже открывалась',
  },
  ar: {
    dir: 'rtl',
    heading: 'شهادة إتمام',
    hasCompleted: 'أتمّ بنجاح الدورة التدريبية',
    courseId: 'رمز الدورة',
    version: 'النسخة',
    issuedOn: 'تاريخ الإصدار',
    validUntil: 'صالحة حتى',
    noExpiry: 'بلا تاريخ انتهاء',
    issuedBy: 'الجهة المانحة',
    trainer: 'المدرّب',
    certificateId: 'معرّف الشهادة',
    scanToVerify: 'امسح الرمز للتحقق — يعمل دون اتصال بالإنترنت بعد فتح صفحة التحقق مرة واحدة',
  },
};
