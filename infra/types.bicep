// Types shared by main.bicep and the modules.

@export()
@description('Resource tags: string values only.')
type resourceTags = {
  *: string
}

@export()
@description('One container as declared in src/storage/containers.json. Other fields (such as purpose) are documentation and are ignored here.')
type containerDeclaration = {
  @description('Container id.')
  id: string

  @description('Partition key path, e.g. /id.')
  partitionKeyPath: string

  *: string
}
