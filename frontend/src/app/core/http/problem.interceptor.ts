import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { catchError, throwError } from 'rxjs';
import { ApiError, toProblem } from './problem';

/** The one place where failed API calls become {@link ApiError}s carrying the server's problem+json. */
export const problemInterceptor: HttpInterceptorFn = (request, next) =>
  next(request).pipe(
    catchError((error: unknown) =>
      throwError(() =>
        error instanceof HttpErrorResponse ? new ApiError(toProblem(error), error) : error,
      ),
    ),
  );
