"""The web portal: a backend-for-frontend over the three services' REST APIs."""
