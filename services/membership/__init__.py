"""The membership service: councils, members and board terms (kepengurusan)."""
