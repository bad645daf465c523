## Números de emergencia: para qué sirve cada uno
emergency-label-emergency = Emergencias
emergency-label-police = Policía
emergency-label-firefighters = Bomberos
emergency-label-red-cross = Cruz Roja
emergency-label-medical = Emergencias médicas
emergency-label-disasters = Desastres
emergency-label-anonymous-report = Denuncia anónima
emergency-label-women = Mujeres que sufren violencia
emergency-unsure = Sin confirmar: pregunta en el lugar

## Directorio: ejemplos y líneas oficiales
directory-example-number = No es un número real: no llames
directory-official = Línea nacional oficial

## Olvidar este sitio en este teléfono (página de seguridad)
forget-site = Olvidar este sitio en este teléfono
forget-working = Borrando…
forget-done = Listo. Se borraron las páginas y los datos que este sitio guardó en este teléfono. Si abres más páginas, se guardarán otra vez. Esto no borra tu historial: bórralo también.
forget-failed = No se pudo borrar todo. Borra los datos de este sitio en los ajustes del navegador. Los pasos están en esta página.
