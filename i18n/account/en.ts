/** The account section of the profile screen: export, sign out everywhere, delete. Apart from i18n/en.ts, so the learner's shell does not carry it. */
export const en = {
  accountTitle: "Your account and data",
  exportIntro: "Everything Cascade stores about you, in one file you can keep or take elsewhere: your profile, progress, answers, certificates, mentoring and posts.",
  exportLink: "Download all my data (JSON)",
  everywhereIntro: "Lost a phone, or signed in on a shared computer? End every session of yours, on every device, this one too.",
  everywhereButton: "Sign out everywhere",
  deleteTitle: "Delete my account",
  deleteIntro: "This deletes your account, progress, answers, mentoring records and consultations for good. Certificates you hold stay valid: keep their files. Your community posts stay, without your name.",
  deletePassword: "Your password, to confirm",
  deleteButton: "Delete my account for good",
};

export type Dict = typeof en;
export type Key = keyof Dict;
