import { createRoute } from '@hono/zod-openapi';
import { errors, json } from '../../schemas';
import { Catalogue, CourseDetail, CourseParams, Lesson, LessonParams, LocaleQuery } from './content.schemas';

const tags = ['Courses'];

export const catalogue = createRoute({
  method: 'get',
  path: '/catalogue',
  tags,
  summary: 'Every course, in the learner’s language where translated',
  request: { query: LocaleQuery },
  responses: { 200: json(Catalogue, 'The catalogue.'), ...errors(400) },
});

export const course = createRoute({
  method: 'get',
  path: '/courses/{courseId}',
  tags,
  summary: 'One course: outcomes, lessons with their download sizes, certificate rule, offline pack',
  request: { params: CourseParams, query: LocaleQuery },
  responses: { 200: json(CourseDetail, 'The course.'), ...errors(400, 404, 503) },
});

export const lesson = createRoute({
  method: 'get',
  path: '/courses/{courseId}/lessons/{lessonId}',
  tags,
  summary: 'One lesson with its formative checks; English, flagged, where not yet translated',
  request: { params: LessonParams, query: LocaleQuery },
  responses: { 200: json(Lesson, 'The lesson.'), 304: { description: 'Unchanged since the ETag you sent.' }, ...errors(400, 404, 503) },
});
