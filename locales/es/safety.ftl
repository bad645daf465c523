## Números de emergencia: para qué sirve cada uno
emergency-label-emergency = Emergencias
emergency-label-police = Policía
emergency-label-firefighters = Bomberos
emergency-label-red-cross = Cruz Roja
emergency-label-medical = Emergencias médicas
emergency-label-disasters = Desastres
emergency-label-anonymous-report = Denuncia anónima
emergency-label-women = Violencia contra las mujeres
emergency-unsure = Sin confirmar: pregunta en el lugar

## Directorio: ejemplos y líneas oficiales
directory-example-number = Ejemplo: no llames
directory-official = Línea nacional oficial

## Olvidar este sitio en este teléfono (página de seguridad)
forget-site = Olvidar este sitio en este teléfono
forget-working = Borrando…
forget-done = Listo. Este teléfono ya no guarda páginas ni datos de este sitio. Si abres más páginas, se guardarán otra vez.
forget-failed = No se pudo borrar todo. Borra los datos del sitio en los ajustes del navegador.
