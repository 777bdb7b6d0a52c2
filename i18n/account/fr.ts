import type { Dict } from './en';

export const fr: Dict = {
  accountTitle: "Votre compte et vos données",
  exportIntro: "Tout ce que Cascade conserve sur vous, dans un seul fichier à garder ou à emporter ailleurs : profil, progression, réponses, certificats, mentorat et messages.",
  exportLink: "Télécharger toutes mes données (JSON)",
  everywhereIntro: "Téléphone perdu, ou connexion sur un ordinateur partagé ? Fermez toutes vos sessions, sur tous les appareils, celui-ci compris.",
  everywhereButton: "Me déconnecter partout",
  deleteTitle: "Supprimer mon compte",
  deleteIntro: "Cela supprime définitivement votre compte, votre progression, vos réponses, vos dossiers de mentorat et vos consultations. Vos certificats restent valides : gardez-en les fichiers. Vos messages dans la communauté restent, sans votre nom.",
  deletePassword: "Votre mot de passe, pour confirmer",
  deleteButton: "Supprimer définitivement mon compte",
};
