import type { Dict } from './en';

export const es: Dict = {
  accountTitle: "Su cuenta y sus datos",
  exportIntro: "Todo lo que Cascade guarda sobre usted, en un solo archivo para conservar o llevar a otro lugar: perfil, progreso, respuestas, certificados, mentoría y publicaciones.",
  exportLink: "Descargar todos mis datos (JSON)",
  everywhereIntro: "¿Perdió un teléfono o inició sesión en una computadora compartida? Cierre todas sus sesiones, en todos los dispositivos, también este.",
  everywhereButton: "Cerrar sesión en todas partes",
  deleteTitle: "Eliminar mi cuenta",
  deleteIntro: "Esto elimina para siempre su cuenta, progreso, respuestas, registros de mentoría y consultas. Los certificados que tiene siguen siendo válidos: guarde sus archivos. Sus publicaciones en la comunidad se mantienen, sin su nombre.",
  deletePassword: "Su contraseña, para confirmar",
  deleteButton: "Eliminar mi cuenta para siempre",
};
